/* core-seal: the largest message each network carries. */
#include "sizes.h"

#include <string.h>
#include <glib.h>
#include <prefs.h>

typedef struct {
	const char *protocol;
	int max_chars;
} seal_size_entry;

/* libpurple cuts IRC lines at ~445 characters of text.  XMPP has no message
 * limit of its own, but servers cap a stanza (prosody 0.12: 256 KiB, many
 * ejabberd setups: 64 KiB), so long messages travel in 30,000-character
 * pieces.  The rest are the usual per-network limits (0 = no limit). */
static const seal_size_entry seal_size_table[] = {
	{ "prpl-irc", 400 },    { "prpl-jabber", 30000 },{ "prpl-yahoo", 799 },
	{ "prpl-msn", 1409 },   { "prpl-aim", 2343 },   { "prpl-oscar", 2343 },
	{ "prpl-icq", 2346 },   { "prpl-gg", 1999 },    { "prpl-novell", 1792 },
};

void seal_sizes_add_prefs(void)
{
	size_t i;

	purple_prefs_add_none(SEAL_PREF_MAX_SIZE_ROOT);
	for (i = 0; i < G_N_ELEMENTS(seal_size_table); i++) {
		char *pref = g_strdup_printf("%s/%s", SEAL_PREF_MAX_SIZE_ROOT,
					     seal_size_table[i].protocol);
		purple_prefs_add_int(pref, 0);
		g_free(pref);
	}
}

size_t seal_sizes_max_message(PurpleAccount *account)
{
	const char *protocol = purple_account_get_protocol_id(account);
	int value = purple_account_get_int(account, SEAL_MAX_SIZE_SETTING, 0);
	char *pref;
	size_t i;

	if (value > 0)
		return (size_t)value;
	pref = g_strdup_printf("%s/%s", SEAL_PREF_MAX_SIZE_ROOT, protocol ? protocol : "");
	if (protocol != NULL && purple_prefs_exists(pref))
		value = purple_prefs_get_int(pref);
	g_free(pref);
	if (value > 0)
		return (size_t)value;
	for (i = 0; protocol != NULL && i < G_N_ELEMENTS(seal_size_table); i++)
		if (strcmp(seal_size_table[i].protocol, protocol) == 0)
			return (size_t)seal_size_table[i].max_chars;
	return 0;
}
