/* core-seal: the encryption policy (never / opportunistic / always).
 *
 * Most specific wins: the contact's blist setting "seal-policy", then the
 * account setting "seal-policy", then the pref /plugins/core/seal/policy. */
#ifndef SEAL_POLICY_H
#define SEAL_POLICY_H

#include <glib.h>
#include <account.h>

typedef enum {
	SEAL_POLICY_NEVER = 0,
	SEAL_POLICY_OPPORTUNISTIC = 1,
	SEAL_POLICY_ALWAYS = 2,
} seal_policy;

#define SEAL_PREF_POLICY "/plugins/core/seal/policy"
#define SEAL_POLICY_SETTING "seal-policy"

/* "never" | "opportunistic" | "always" */
const char *seal_policy_name(seal_policy p);
/* Parse a name; FALSE if it is not one of the three. */
gboolean seal_policy_parse(const char *name, seal_policy *out);

/* The policy in force for peer (peer may be NULL: the account's). */
seal_policy seal_policy_get(PurpleAccount *account, const char *peer);

/* Set the contact's policy (peer != NULL; needs the contact in the buddy
 * list) or the account's (peer == NULL).  FALSE if it cannot be stored. */
gboolean seal_policy_set(PurpleAccount *account, const char *peer, seal_policy p);

#endif
