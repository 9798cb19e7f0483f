/* core-seal: the encryption policy (see policy.h). */
#include "policy.h"

#include <blist.h>
#include <prefs.h>

const char *seal_policy_name(seal_policy p)
{
	switch (p) {
	case SEAL_POLICY_NEVER:
		return "never";
	case SEAL_POLICY_ALWAYS:
		return "always";
	case SEAL_POLICY_OPPORTUNISTIC:
	default:
		return "opportunistic";
	}
}

gboolean seal_policy_parse(const char *name, seal_policy *out)
{
	if (name == NULL)
		return FALSE;
	if (g_ascii_strcasecmp(name, "never") == 0)
		*out = SEAL_POLICY_NEVER;
	else if (g_ascii_strcasecmp(name, "opportunistic") == 0)
		*out = SEAL_POLICY_OPPORTUNISTIC;
	else if (g_ascii_strcasecmp(name, "always") == 0)
		*out = SEAL_POLICY_ALWAYS;
	else
		return FALSE;
	return TRUE;
}

seal_policy seal_policy_get(PurpleAccount *account, const char *peer)
{
	seal_policy p;

	if (account != NULL && peer != NULL) {
		PurpleBuddy *buddy = purple_find_buddy(account, peer);
		if (buddy != NULL &&
		    seal_policy_parse(purple_blist_node_get_string((PurpleBlistNode *)buddy,
								   SEAL_POLICY_SETTING), &p))
			return p;
	}
	if (account != NULL &&
	    seal_policy_parse(purple_account_get_string(account, SEAL_POLICY_SETTING, NULL), &p))
		return p;
	if (seal_policy_parse(purple_prefs_get_string(SEAL_PREF_POLICY), &p))
		return p;
	return SEAL_POLICY_OPPORTUNISTIC;
}

gboolean seal_policy_set(PurpleAccount *account, const char *peer, seal_policy p)
{
	if (account == NULL)
		return FALSE;
	if (peer != NULL) {
		PurpleBuddy *buddy = purple_find_buddy(account, peer);
		if (buddy == NULL)
			return FALSE;
		purple_blist_node_set_string((PurpleBlistNode *)buddy, SEAL_POLICY_SETTING,
					     seal_policy_name(p));
		return TRUE;
	}
	purple_account_set_string(account, SEAL_POLICY_SETTING, seal_policy_name(p));
	return TRUE;
}
