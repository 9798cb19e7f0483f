/* Two loopback accounts, alice and bob, talking through core-seal in one
 * process: discovery, handshake, encryption, markup, fragments, restart. */
#include "plugin_test.h"
#include "loopback_prpl.h"

#include <string.h>

#include <conversation.h>
#include <prefs.h>
#include <server.h>
#include <time.h>

static void say(PurpleAccount *from, const char *to, const char *html)
{
	PurpleConversation *conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, to, from);

	if (conv == NULL)
		conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, from, to);
	purple_conv_im_send(PURPLE_CONV_IM(conv), html);
	loopback_flush();
}

static gboolean contains(const char *events, const char *needle)
{
	return strstr(events, needle) != NULL;
}

static void test_discovery_and_handshake(void)
{
	char *events;

	g_free(plugin_test_take_notices());
	say(plugin_test_account(), "bob", "hello bob");
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
	say(plugin_test_account(), "bob", "secret &lt;b&gt;one&lt;/b&gt; &amp; <b>bold</b><br>line two");
	say(plugin_test_other_account(), "alice", "secret reply caf\xc3\xa9");
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
	say(plugin_test_account(), "bob", long_text->str);
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
	say(plugin_test_account(), "bob", "after reload");
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
		say(plugin_test_account(), "bob", "still fine");
		events = plugin_test_take_notices();
		CHECK(contains(events, "bob RECV alice: still fine\n"));
		g_free(events);
	}
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
}
