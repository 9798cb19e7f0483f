/* core-seal: what the user can ask for (commands, IPC, plugin actions). */
#ifndef SEAL_CONTROL_H
#define SEAL_CONTROL_H

#include <glib.h>
#include <account.h>
#include "seal-ipc.h"

seal_conv_state seal_control_get_state(PurpleAccount *account, const char *who);
/* Start (or refresh) encryption with the contact. */
void seal_control_start(PurpleAccount *account, const char *who);
/* Stop encrypting in this conversation until started again. */
void seal_control_end(PurpleAccount *account, const char *who);
gboolean seal_control_verify(PurpleAccount *account, const char *who);
gboolean seal_control_accept_key(PurpleAccount *account, const char *who);
gboolean seal_control_forget(PurpleAccount *account, const char *who);

/* Fingerprints (g_free); NULL if unknown.  own_fingerprint creates the
 * identity when create is TRUE. */
char *seal_control_own_fingerprint(PurpleAccount *account, gboolean create);
char *seal_control_peer_fingerprint(PurpleAccount *account, const char *who);

/* "never" | "opportunistic" | "always" (static). */
const char *seal_control_get_policy(PurpleAccount *account, const char *who);
/* who NULL: the account's policy. */
gboolean seal_control_set_policy(PurpleAccount *account, const char *who, const char *policy);

/* A translated one-line description of the conversation's state (g_free). */
char *seal_control_status_text(PurpleAccount *account, const char *who);
/* The trust word of seal-ipc.h: "unverified" | "verified" | "changed". */
const char *seal_control_trust_name(int trust);
/* "peer\ttrust" strings of every known contact (g_list_free_full with g_free). */
GList *seal_control_list_contacts(PurpleAccount *account);

#endif
