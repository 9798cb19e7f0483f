/* Messages held under "always" survive Seal being stopped: kept in a 0600
 * file, restored when Seal starts again (or when the account signs on) and
 * sent encrypted, in order, once, as soon as the session is up. */
#include "plugin_test.h"
#include "loopback_prpl.h"

#include <string.h>

#include <glib/gstdio.h>
#include <conversation.h>
#include <prefs.h>

static char *sha256_hex(const char *a, const char *b, const char *c)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char *hex;

	g_checksum_update(sum, (const guchar *)a, (gssize)strlen(a) + 1);
	g_checksum_update(sum, (const guchar *)b, (gssize)strlen(b) + (c != NULL ? 1 : 0));
	if (c != NULL)
		g_checksum_update(sum, (const guchar *)c, (gssize)strlen(c));
	hex = g_strdup(g_checksum_get_string(sum));
	g_checksum_free(sum);
	return hex;
}

/* Path of the held file of (loopback account, contact). */
static char *held_path(const char *account, const char *contact)
{
	char *acct = sha256_hex(LOOPBACK_PRPL_ID, account, NULL);
	char *peer = sha256_hex(LOOPBACK_PRPL_ID, account, contact);
	char *name;
	char *path;

	acct[32] = '\0';
	name = g_strdup_printf("%s-%s.held", acct, peer);
	path = g_build_filename(plugin_test_user_dir(), "seal", name, NULL);
	g_free(name);
	g_free(peer);
	g_free(acct);
	return path;
}

static gboolean has_bytes(const char *data, gsize len, const char *needle)
{
	gsize n = strlen(needle);
	gsize i;

	for (i = 0; data != NULL && i + n <= len; i++)
		if (memcmp(data + i, needle, n) == 0)
			return TRUE;
	return FALSE;
}

/* The file exists, is 0600 and names protocol, account and contact. */
static void check_held_file(const char *path, const char *contact)
{
	GStatBuf st;
	char *data = NULL;
	gsize len = 0;

	CHECK(g_stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(g_file_get_contents(path, &data, &len, NULL));
	CHECK(has_bytes(data, len, LOOPBACK_PRPL_ID));
	CHECK(has_bytes(data, len, "alice"));
	CHECK(has_bytes(data, len, contact));
	g_free(data);
}

/* "first" was shown once before "second", both once. */
static void check_received_in_order(const char *events, const char *first, const char *second)
{
	const char *one = strstr(events, first);
	const char *two = strstr(events, second);

	CHECK(plugin_test_count(events, first) == 1);
	CHECK(plugin_test_count(events, second) == 1);
	CHECK(one != NULL && two != NULL && one < two);
}

/* Held texts never appear on the wire in plaintext. */
static void check_wire_clean(const char *text)
{
	char *wire = loopback_wire();

	CHECK(strstr(wire, text) == NULL);
	g_free(wire);
}

/* dave is offline, so alice's messages stay held; Seal is stopped and
 * started again; dave gets both, encrypted, when the session is up. */
static void test_held_survive_reload(void)
{
	PurpleAccount *dave = loopback_account("dave");
	char *path = held_path("alice", "dave");
	char *events;

	purple_account_disconnect(dave);
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "dave", "held for dave one");
	plugin_test_say(plugin_test_account(), "dave", "held for dave two");
	check_held_file(path, "dave");
	CHECK(purple_plugin_unload(plugin_test_plugin()));
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "2 messages to dave are kept and will be sent encrypted") == 1);
	g_free(events);
	check_held_file(path, "dave");
	purple_account_connect(dave);
	loopback_flush();
	CHECK(purple_plugin_load(plugin_test_plugin()));
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "alice SYSTEM dave: 2 messages from your last session are waiting") == 1);
	check_received_in_order(events, "dave RECV alice: held for dave one\n",
				"dave RECV alice: held for dave two\n");
	CHECK(plugin_test_count(events, "2 held messages sent encrypted.") == 1);
	CHECK(plugin_test_count(events, "ERROR") == 0);
	g_free(events);
	check_wire_clean("held for dave");
	CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
	g_free(path);
}

/* Seal starts while alice is offline: her held messages are restored when
 * she signs on. */
static void test_held_restored_at_sign_on(void)
{
	PurpleAccount *erin = loopback_account("erin");
	char *path = held_path("alice", "erin");
	char *events;

	purple_account_disconnect(erin);
	plugin_test_say(plugin_test_account(), "erin", "held for erin");
	check_held_file(path, "erin");
	CHECK(purple_plugin_unload(plugin_test_plugin()));
	purple_account_disconnect(plugin_test_account());
	CHECK(purple_plugin_load(plugin_test_plugin()));
	purple_account_connect(erin);
	loopback_flush();
	g_free(plugin_test_take_notices());
	CHECK(g_file_test(path, G_FILE_TEST_EXISTS));
	purple_account_connect(plugin_test_account());
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "1 message from your last session is waiting to be sent encrypted "
			    "to erin.") == 1);
	CHECK(plugin_test_count(events, "erin RECV alice: held for erin\n") == 1);
	g_free(events);
	check_wire_clean("held for erin");
	CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
	g_free(path);
}

void plugin_test_held_run(void)
{
	purple_prefs_set_string("/plugins/core/seal/policy", "always");
	test_held_survive_reload();
	test_held_restored_at_sign_on();
	purple_prefs_set_string("/plugins/core/seal/policy", "opportunistic");
}
