/* Two loopback accounts, alice and bob, talking through core-seal in one
 * process: discovery, handshake, encryption, markup, fragments, restart. */
#include "plugin_test.h"
#include "loopback_prpl.h"
#include "plugin/core/seal-ipc.h"

#include <string.h>

#include <glib/gstdio.h>
#include <conversation.h>
#include <prefs.h>
#include <server.h>
#include <time.h>

static gboolean contains(const char *events, const char *needle)
{
	return strstr(events, needle) != NULL;
}

static void test_discovery_and_handshake(void)
{
	char *events;

	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "hello bob");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: hello bob\n"));
	CHECK(contains(events, "alice SYSTEM bob: Encrypted conversation with bob started"));
	CHECK(contains(events, "bob SYSTEM alice: Encrypted conversation with alice started"));
	g_free(events);
}

static void test_encrypted_texts(void)
{
	char *events;
	char *wire_text;

	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "secret &lt;b&gt;one&lt;/b&gt; &amp; <b>bold</b><br>line two");
	plugin_test_say(plugin_test_other_account(), "alice", "secret reply caf\xc3\xa9");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: secret &lt;b&gt;one&lt;/b&gt; &amp;amp; bold<br>line two\n") ||
	      contains(events, "bob RECV alice: secret &lt;b&gt;one&lt;/b&gt; &amp; bold<br>line two\n"));
	CHECK(contains(events, "alice RECV bob: secret reply caf\xc3\xa9\n"));
	CHECK(contains(events, "alice SENT bob: secret &lt;b&gt;one"));
	CHECK(!contains(events, "?SEAL1"));
	wire_text = loopback_wire();
	CHECK(!contains(wire_text, "secret"));
	g_free(wire_text);
	g_free(events);
}

static void test_fragments(void)
{
	GString *long_text = g_string_new("LONG:");
	char *events;
	char *expected;

	while (long_text->len < 3000)
		g_string_append(long_text, "0123456789 ");
	purple_account_set_int(plugin_test_account(), "seal-max-message-size", 150);
	g_free(plugin_test_take_notices());
	loopback_reset_max_sent();
	plugin_test_say(plugin_test_account(), "bob", long_text->str);
	events = plugin_test_take_notices();
	expected = g_strdup_printf("bob RECV alice: %s\n", long_text->str);
	CHECK(contains(events, expected));
	CHECK(loopback_max_sent() > 0 && loopback_max_sent() <= 150);
	purple_account_set_int(plugin_test_account(), "seal-max-message-size", 0);
	g_free(expected);
	g_free(events);
	g_string_free(long_text, TRUE);
}

static void test_session_survives_reload(void)
{
	char *events;

	CHECK(purple_plugin_unload(plugin_test_plugin()));
	CHECK(purple_plugin_load(plugin_test_plugin()));
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "after reload");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: after reload\n"));
	CHECK(!contains(events, "started"));
	g_free(events);
}

static void test_replay_is_refused(void)
{
	char *wire_text = loopback_wire();
	char *last_data = NULL;
	char **lines = g_strsplit(wire_text, "\n", -1);
	char *shown;
	char *events;
	int i;

	for (i = 0; lines[i] != NULL; i++)
		if (g_str_has_prefix(lines[i], "?SEAL1:BA"))
			last_data = lines[i];
	CHECK(last_data != NULL);
	if (last_data != NULL) {
		g_free(plugin_test_take_notices());
		/* bob receives alice's last DATA message again */
		shown = NULL;
		serv_got_im(purple_account_get_connection(plugin_test_other_account()), "alice",
			    last_data, PURPLE_MESSAGE_RECV, time(NULL));
		loopback_flush();
		events = plugin_test_take_notices();
		CHECK(contains(events, "bob ERROR alice:"));
		CHECK(!contains(events, "bob RECV alice: after reload\n"));
		g_free(events);
		g_free(shown);
		plugin_test_say(plugin_test_account(), "bob", "still fine");
		events = plugin_test_take_notices();
		CHECK(contains(events, "bob RECV alice: still fine\n"));
		g_free(events);
	}
	g_strfreev(lines);
	g_free(wire_text);
}

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

static int state_of(PurpleAccount *account, const char *peer)
{
	gboolean ok = FALSE;
	int state = GPOINTER_TO_INT(purple_plugin_ipc_call(plugin_test_plugin(), "get-state", &ok,
							   account, peer));

	CHECK(ok);
	return state;
}

/* bob loses his state; under "always" alice is warned about the new key and
 * sends nothing until she accepts it; then everything arrives. */
static void test_key_change_under_always(void)
{
	char *events;
	gboolean ok = FALSE;

	purple_prefs_set_string("/plugins/core/seal/policy", "always");
	CHECK(purple_plugin_unload(plugin_test_plugin()));
	forget_account_files("bob");
	CHECK(purple_plugin_load(plugin_test_plugin()));
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "into the lost session");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob ERROR alice: A message from alice could not be decrypted"));
	CHECK(contains(events, "alice ERROR bob: WARNING"));
	CHECK(!contains(events, "bob RECV alice: into the lost session"));
	CHECK(state_of(plugin_test_account(), "bob") == SEAL_STATE_KEY_CHANGED);
	g_free(events);
	plugin_test_say(plugin_test_account(), "bob", "while the key is not accepted");
	events = plugin_test_take_notices();
	CHECK(contains(events, "pending"));
	CHECK(!contains(events, "bob RECV"));
	g_free(events);
	CHECK(GPOINTER_TO_INT(purple_plugin_ipc_call(plugin_test_plugin(), "accept-key", &ok,
						     plugin_test_account(), "bob")));
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: into the lost session\n"));
	CHECK(contains(events, "bob RECV alice: while the key is not accepted\n"));
	CHECK(state_of(plugin_test_account(), "bob") == SEAL_STATE_UNVERIFIED);
	g_free(events);
	purple_prefs_set_string("/plugins/core/seal/policy", "opportunistic");
}

/* Under "always", incoming plaintext is shown but visibly marked. */
static void test_plaintext_marked_under_always(void)
{
	char *events;
	char *expected;

	purple_prefs_set_string("/plugins/core/seal/policy", "always");
	g_free(plugin_test_take_notices());
	serv_got_im(purple_account_get_connection(plugin_test_account()), "zed", "plain hello",
		    PURPLE_MESSAGE_RECV, time(NULL));
	loopback_flush();
	events = plugin_test_take_notices();
	expected = "alice RECV zed: plain hello\nalice ERROR zed: The message above was not encrypted.";
	CHECK(contains(events, expected));
	if (!contains(events, expected))
		g_printerr("%s", events);
	g_free(events);
	purple_prefs_set_string("/plugins/core/seal/policy", "opportunistic");
}

/* Away with an auto-reply: an encrypted message is never answered in clear. */
static void test_no_plaintext_auto_reply(void)
{
	char *wire_text;

	purple_prefs_set_string("/purple/away/auto_reply", "away");
	purple_account_set_status(plugin_test_other_account(), "away", TRUE, "message",
				  "bob is away right now", NULL);
	plugin_test_say(plugin_test_account(), "bob", "are you there?");
	wire_text = loopback_wire();
	CHECK(!contains(wire_text, "bob is away right now"));
	g_free(wire_text);
	/* control: a plaintext conversation does get libpurple's auto-reply */
	serv_got_im(purple_account_get_connection(plugin_test_other_account()), "yves",
		    "plain question", PURPLE_MESSAGE_RECV, time(NULL));
	loopback_flush();
	wire_text = loopback_wire();
	CHECK(contains(wire_text, "bob is away right now"));
	g_free(wire_text);
	purple_account_set_status(plugin_test_other_account(), "available", TRUE, NULL);
}

/* Both sides forget everything and start at the same moment: exactly one
 * working session results. */
static void test_simultaneous_start(void)
{
	gboolean ok = FALSE;
	char *events;

	CHECK(GPOINTER_TO_INT(purple_plugin_ipc_call(plugin_test_plugin(), "forget", &ok,
						     plugin_test_account(), "bob")));
	CHECK(GPOINTER_TO_INT(purple_plugin_ipc_call(plugin_test_plugin(), "forget", &ok,
						     plugin_test_other_account(), "alice")));
	CHECK(state_of(plugin_test_account(), "bob") == SEAL_STATE_PLAIN);
	purple_plugin_ipc_call(plugin_test_plugin(), "start", &ok, plugin_test_account(), "bob");
	purple_plugin_ipc_call(plugin_test_plugin(), "start", &ok, plugin_test_other_account(),
			       "alice");
	loopback_flush();
	CHECK(state_of(plugin_test_account(), "bob") == SEAL_STATE_UNVERIFIED);
	CHECK(state_of(plugin_test_other_account(), "alice") == SEAL_STATE_UNVERIFIED);
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "after a simultaneous start");
	plugin_test_say(plugin_test_other_account(), "alice", "answer after a simultaneous start");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: after a simultaneous start\n"));
	CHECK(contains(events, "alice RECV bob: answer after a simultaneous start\n"));
	CHECK(!contains(events, "ERROR"));
	g_free(events);
}

/* A text needing more fragments than allowed is refused with a notice,
 * neither sent nor held; the session goes on. */
static void test_too_long_for_the_network(void)
{
	GString *huge = g_string_new(NULL);
	char *events;

	while (huge->len < 30000)
		g_string_append(huge, "much too long ");
	purple_account_set_int(plugin_test_account(), "seal-max-message-size", 150);
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", huge->str);
	events = plugin_test_take_notices();
	CHECK(contains(events, "alice ERROR bob: This message is too long"));
	CHECK(!contains(events, "bob RECV"));
	CHECK(state_of(plugin_test_account(), "bob") == SEAL_STATE_UNVERIFIED);
	g_free(events);
	plugin_test_say(plugin_test_account(), "bob", "short again");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: short again\n"));
	g_free(events);
	purple_account_set_int(plugin_test_account(), "seal-max-message-size", 0);
	g_string_free(huge, TRUE);
}

/* Armor that a server escaped, wrapped in markup and re-flowed still
 * decrypts, whole and in fragments. */
static void test_mangled_armor(void)
{
	char *events;

	loopback_set_mangling(TRUE);
	purple_account_set_int(plugin_test_account(), "seal-max-message-size", 120);
	g_free(plugin_test_take_notices());
	plugin_test_say(plugin_test_account(), "bob", "through a mangling server, in several fragments at that");
	plugin_test_say(plugin_test_other_account(), "alice", "and back");
	events = plugin_test_take_notices();
	CHECK(contains(events,
		       "bob RECV alice: through a mangling server, in several fragments at that\n"));
	CHECK(contains(events, "alice RECV bob: and back\n"));
	CHECK(!contains(events, "ERROR"));
	if (contains(events, "ERROR"))
		g_printerr("%s", events);
	g_free(events);
	purple_account_set_int(plugin_test_account(), "seal-max-message-size", 0);
	loopback_set_mangling(FALSE);
}

/* Someone unknown sends armor bob cannot use: bob answers at most with the
 * human-readable query line, never with armor. */
static void test_unknown_injector_gets_no_armor(void)
{
	char *before = loopback_wire();
	char *after;
	const char *reply;
	char **lines = g_strsplit(before, "\n", -1);
	const char *data = NULL;
	int i;

	for (i = 0; lines[i] != NULL; i++)
		if (g_str_has_prefix(lines[i], "?SEAL1:BA"))
			data = lines[i];
	CHECK(data != NULL);
	serv_got_im(purple_account_get_connection(plugin_test_other_account()), "mallory",
		    data != NULL ? data : "?SEAL1:BAAA.", PURPLE_MESSAGE_RECV, time(NULL));
	serv_got_im(purple_account_get_connection(plugin_test_other_account()), "mallory",
		    "?SEAL1:BQE=.", PURPLE_MESSAGE_RECV, time(NULL)); /* a RESET */
	loopback_flush();
	after = loopback_wire();
	reply = after + strlen(before);
	CHECK(strstr(reply, "?SEAL1:") == NULL && strstr(reply, "?SEAL1|") == NULL);
	CHECK(strstr(reply, "?SEAL1? ") != NULL);
	g_free(plugin_test_take_notices());
	g_strfreev(lines);
	g_free(before);
	g_free(after);
}

/* A mutation of an armored text: a substituted character, a cut, a
 * duplicated span, inserted blanks or markup. */
static char *mutate_armor(GRand *rand, const char *armor)
{
	GString *text = g_string_new(armor);
	guint len = (guint)text->len;
	guint at = g_rand_int_range(rand, 0, (gint32)len);

	switch (g_rand_int_range(rand, 0, 5)) {
	case 0:
		text->str[at] = "AZaz09+/=.|?:"[g_rand_int_range(rand, 0, 13)];
		break;
	case 1:
		g_string_truncate(text, at);
		break;
	case 2:
		g_string_insert_len(text, at, armor + at, MIN(20, len - at));
		break;
	case 3:
		g_string_insert(text, at, g_rand_boolean(rand) ? " \n\t" : "<br>");
		break;
	default:
		g_string_insert(text, at, "&amp;<b>");
		break;
	}
	return g_string_free(text, FALSE);
}

/* Hundreds of damaged copies of real armor from alice: bob never crashes,
 * never shows armor, and the conversation works afterwards. */
static void test_mutated_armor_from_the_peer(void)
{
	char *wire_text = loopback_wire();
	char **lines = g_strsplit(wire_text, "\n", -1);
	const char *data = NULL;
	GRand *rand = g_rand_new_with_seed(7);
	char *events;
	int i;

	for (i = 0; lines[i] != NULL; i++)
		if (g_str_has_prefix(lines[i], "?SEAL1:BA"))
			data = lines[i];
	CHECK(data != NULL);
	for (i = 0; data != NULL && i < 300; i++) {
		char *mutated = mutate_armor(rand, data);
		serv_got_im(purple_account_get_connection(plugin_test_other_account()), "alice",
			    mutated, PURPLE_MESSAGE_RECV, time(NULL));
		g_free(mutated);
		if (i % 50 == 0)
			loopback_flush();
	}
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(!contains(events, "RECV alice: ?SEAL1"));
	if (contains(events, "RECV alice: ?SEAL1"))
		g_printerr("%s", strstr(events, "RECV alice: ?SEAL1") - 4);
	g_free(events);
	plugin_test_say(plugin_test_account(), "bob", "after the mutations");
	plugin_test_say(plugin_test_other_account(), "alice", "answer after the mutations");
	events = plugin_test_take_notices();
	CHECK(contains(events, "bob RECV alice: after the mutations\n"));
	CHECK(contains(events, "alice RECV bob: answer after the mutations\n"));
	g_free(events);
	g_rand_free(rand);
	g_strfreev(lines);
	g_free(wire_text);
}

void plugin_test_conversation_run(void)
{
	purple_prefs_set_string("/plugins/core/seal/policy", "opportunistic");
	test_discovery_and_handshake();
	test_encrypted_texts();
	test_fragments();
	test_session_survives_reload();
	test_replay_is_refused();
	test_key_change_under_always();
	test_plaintext_marked_under_always();
	test_no_plaintext_auto_reply();
	test_simultaneous_start();
	test_too_long_for_the_network();
	test_mangled_armor();
	test_unknown_injector_gets_no_armor();
	test_mutated_armor_from_the_peer();
}
