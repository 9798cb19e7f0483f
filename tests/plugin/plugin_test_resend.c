/* Re-sending after a restart request: a contact whose state was intact
 * shows no message twice; one that really lost its state gets them all. */
#include "plugin_test.h"
#include "loopback_prpl.h"

#include <string.h>

#include <glib/gstdio.h>
#include <conversation.h>
#include <prefs.h>
#include <server.h>
#include <time.h>

#define RESET_ARMOR "?SEAL1:BQE=." /* a RESET message */

/* Remove every Seal file of the loopback account name. */
static void forget_account_files(const char *name)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	char *dir_path = g_build_filename(plugin_test_user_dir(), "seal", NULL);
	GDir *dir = g_dir_open(dir_path, 0, NULL);
	const char *entry;
	char prefix[33];

	g_checksum_update(sum, (const guchar *)LOOPBACK_PRPL_ID, sizeof(LOOPBACK_PRPL_ID));
	g_checksum_update(sum, (const guchar *)name, (gssize)strlen(name));
	g_strlcpy(prefix, g_checksum_get_string(sum), sizeof(prefix));
	while (dir != NULL && (entry = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_prefix(entry, prefix)) {
			char *path = g_build_filename(dir_path, entry, NULL);
			CHECK(g_unlink(path) == 0);
			g_free(path);
		}
	}
	if (dir != NULL)
		g_dir_close(dir);
	g_free(dir_path);
	g_checksum_free(sum);
}

/* bob read everything, yet alice is asked to restart (a RESET from bob):
 * she re-sends her recent messages, bob shows none of them again, and
 * the conversation goes on. */
static void test_no_duplicates_when_state_was_intact(void)
{
	char *events;

	plugin_test_say(plugin_test_account(), "bob", "resend one");
	plugin_test_say(plugin_test_account(), "bob", "resend two");
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "bob RECV alice: resend one\n") == 1);
	CHECK(plugin_test_count(events, "bob RECV alice: resend two\n") == 1);
	g_free(events);
	serv_got_im(purple_account_get_connection(plugin_test_account()), "bob", RESET_ARMOR,
		    PURPLE_MESSAGE_RECV, time(NULL));
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "alice SYSTEM bob: bob could not read your recent encrypted") == 1);
	CHECK(plugin_test_count(events, "alice SYSTEM bob: You restarted the encrypted session with bob.") == 1);
	CHECK(plugin_test_count(events, "were sent again, encrypted.") == 1);
	CHECK(plugin_test_count(events, "bob RECV alice:") == 0);
	CHECK(plugin_test_count(events, "ERROR") == 0);
	if (plugin_test_count(events, "bob RECV alice:") != 0 || plugin_test_count(events, "ERROR") != 0)
		g_printerr("%s", events);
	g_free(events);
	plugin_test_say(plugin_test_account(), "bob", "resend three");
	plugin_test_say(plugin_test_other_account(), "alice", "resend answer");
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "bob RECV alice: resend three\n") == 1);
	CHECK(plugin_test_count(events, "alice RECV bob: resend answer\n") == 1);
	g_free(events);
}

/* Number of ".seen" files of whole 16-byte ids in the Seal directory. */
static guint seen_files(void)
{
	char *dir_path = g_build_filename(plugin_test_user_dir(), "seal", NULL);
	GDir *dir = g_dir_open(dir_path, 0, NULL);
	const char *entry;
	guint n = 0;

	while (dir != NULL && (entry = g_dir_read_name(dir)) != NULL) {
		char *path = g_build_filename(dir_path, entry, NULL);
		GStatBuf st;
		if (g_str_has_suffix(entry, ".seen") && g_stat(path, &st) == 0 &&
		    st.st_size >= 16 && st.st_size % 16 == 0)
			n++;
		g_free(path);
	}
	if (dir != NULL)
		g_dir_close(dir);
	g_free(dir_path);
	return n;
}

/* Seal stopping keeps the ids on disk (a contact that restarts its client
 * shows no re-sent message twice either); the restart request still works
 * after a reload. */
static void test_no_duplicates_after_seal_restarted(void)
{
	char *events;

	CHECK(purple_plugin_unload(plugin_test_plugin()));
	CHECK(seen_files() == 2); /* alice's of bob, bob's of alice */
	CHECK(purple_plugin_load(plugin_test_plugin()));
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "resend after restart");
	serv_got_im(purple_account_get_connection(plugin_test_account()), "bob", RESET_ARMOR,
		    PURPLE_MESSAGE_RECV, time(NULL));
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "bob RECV alice: resend after restart\n") == 1);
	CHECK(plugin_test_count(events, "1 recent message was sent again, encrypted.") == 1);
	CHECK(plugin_test_count(events, "ERROR") == 0);
	g_free(events);
}

/* bob was offline for one message (it never reached him) and asks for a
 * restart: of everything alice re-sends he shows only the missed one. */
static void test_missed_message_arrives_once(void)
{
	char *events;

	purple_account_disconnect(plugin_test_other_account());
	plugin_test_say(plugin_test_account(), "bob", "resend missed");
	purple_account_connect(plugin_test_other_account());
	loopback_flush();
	g_free(plugin_test_take_notices());
	serv_got_im(purple_account_get_connection(plugin_test_account()), "bob", RESET_ARMOR,
		    PURPLE_MESSAGE_RECV, time(NULL));
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "bob RECV alice: resend missed\n") == 1);
	CHECK(plugin_test_count(events, "bob RECV alice:") == 1);
	g_free(events);
}

/* bob really lost his state (files and memory: Seal restarted): alice's
 * next message cannot be read and reaches him when she sends it again. */
static void test_lost_state_gets_the_message(void)
{
	char *events;

	CHECK(purple_plugin_unload(plugin_test_plugin()));
	forget_account_files("bob");
	CHECK(purple_plugin_load(plugin_test_plugin()));
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "resend four");
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "bob ERROR alice: A message from alice could not be decrypted") == 1);
	CHECK(plugin_test_count(events, "bob RECV alice: resend four\n") == 1);
	g_free(events);
	plugin_test_say(plugin_test_account(), "bob", "resend five");
	events = plugin_test_take_notices();
	CHECK(plugin_test_count(events, "bob RECV alice: resend five\n") == 1);
	g_free(events);
}

void plugin_test_resend_run(void)
{
	purple_prefs_set_string("/plugins/core/seal/policy", "opportunistic");
	g_free(plugin_test_take_notices());
	test_no_duplicates_when_state_was_intact();
	test_no_duplicates_after_seal_restarted();
	test_missed_message_arrives_once();
	test_lost_state_gets_the_message();
}
