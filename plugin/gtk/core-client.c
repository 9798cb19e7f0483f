/* IPC wrappers: the only place gtk-seal calls into core-seal. */
#include "core-client.h"

#include <string.h>

#include <debug.h>

PurplePlugin *seal_core_plugin(void)
{
	PurplePlugin *core = purple_plugins_find_with_id(SEAL_CORE_PLUGIN_ID);

	if (core == NULL || !purple_plugin_is_loaded(core))
		return NULL;
	return core;
}

/* Calls a command; *ok tells whether the core answered at all. */
static gpointer call_core(const char *command, gboolean *ok, gpointer a, gpointer b, gpointer c)
{
	PurplePlugin *core = seal_core_plugin();
	gpointer result;

	*ok = FALSE;
	if (core == NULL) {
		purple_debug_warning("gtk-seal", "core-seal not loaded; cannot call %s\n", command);
		return NULL;
	}
	result = purple_plugin_ipc_call(core, command, ok, a, b, c);
	if (!*ok)
		purple_debug_warning("gtk-seal", "core-seal does not answer IPC command %s\n", command);
	return result;
}

seal_conv_state seal_core_get_state(PurpleAccount *account, const char *peer)
{
	gboolean ok;
	gpointer result = call_core("get-state", &ok, account, (gpointer)peer, NULL);
	int state = GPOINTER_TO_INT(result);

	if (!ok || state < SEAL_STATE_PLAIN || state > SEAL_STATE_ENDED)
		return SEAL_STATE_PLAIN;
	return (seal_conv_state)state;
}

void seal_core_start(PurpleAccount *account, const char *peer)
{
	gboolean ok;

	call_core("start", &ok, account, (gpointer)peer, NULL);
}

void seal_core_end(PurpleAccount *account, const char *peer)
{
	gboolean ok;

	call_core("end", &ok, account, (gpointer)peer, NULL);
}

gboolean seal_core_verify(PurpleAccount *account, const char *peer)
{
	gboolean ok;
	gpointer result = call_core("verify", &ok, account, (gpointer)peer, NULL);

	return ok && GPOINTER_TO_INT(result);
}

gboolean seal_core_accept_key(PurpleAccount *account, const char *peer)
{
	gboolean ok;
	gpointer result = call_core("accept-key", &ok, account, (gpointer)peer, NULL);

	return ok && GPOINTER_TO_INT(result);
}

/* The core is expected to hand out the grouped form already; if it hands out
 * a bare run of digits, group it by five the same way. */
static char *grouped_fingerprint(char *fingerprint)
{
	GString *grouped;
	size_t i, len;

	if (fingerprint == NULL || strchr(fingerprint, ' ') != NULL)
		return fingerprint;
	len = strlen(fingerprint);
	grouped = g_string_sized_new(len + len / 5 + 1);
	for (i = 0; i < len; i++) {
		if (i > 0 && i % 5 == 0)
			g_string_append_c(grouped, ' ');
		g_string_append_c(grouped, fingerprint[i]);
	}
	g_free(fingerprint);
	return g_string_free(grouped, FALSE);
}

char *seal_core_own_fingerprint(PurpleAccount *account)
{
	gboolean ok;
	char *result = call_core("own-fingerprint", &ok, account, NULL, NULL);

	return ok ? grouped_fingerprint(result) : NULL;
}

char *seal_core_peer_fingerprint(PurpleAccount *account, const char *peer)
{
	gboolean ok;
	char *result = call_core("peer-fingerprint", &ok, account, (gpointer)peer, NULL);

	return ok ? grouped_fingerprint(result) : NULL;
}

char *seal_core_get_policy(PurpleAccount *account, const char *peer)
{
	gboolean ok;
	char *result = call_core("get-policy", &ok, account, (gpointer)peer, NULL);

	return ok ? result : NULL;
}

gboolean seal_core_set_policy(PurpleAccount *account, const char *peer, const char *policy)
{
	gboolean ok;
	gpointer result = call_core("set-policy", &ok, account, (gpointer)peer, (gpointer)policy);

	return ok && GPOINTER_TO_INT(result);
}

const char *seal_state_debug_name(seal_conv_state state)
{
	switch (state) {
	case SEAL_STATE_PLAIN: return "plain";
	case SEAL_STATE_PENDING: return "pending";
	case SEAL_STATE_UNVERIFIED: return "unverified";
	case SEAL_STATE_VERIFIED: return "verified";
	case SEAL_STATE_KEY_CHANGED: return "key-changed";
	case SEAL_STATE_ENDED: return "ended";
	}
	return "unknown";
}
