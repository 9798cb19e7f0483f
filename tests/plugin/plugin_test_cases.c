/* The test cases of seal-plugin-test (see plugin_test.c). */
#include "plugin_test.h"

#include <string.h>
#include <sys/stat.h>

#include <cmds.h>
#include <conversation.h>
#include <prefs.h>

#include "crypto/wire.h"
#include "plugin/core/seal-ipc.h"

#define PEER "bob"
#define POLICY_PREF SEAL_PREFS_ROOT "/policy"

static gpointer ipc(const char *command, gboolean *ok, gpointer a, gpointer b, gpointer c)
{
	return purple_plugin_ipc_call(plugin_test_plugin(), command, ok, a, b, c);
}

static int ipc_state(const char *peer)
{
	gboolean ok = FALSE;
	int state = GPOINTER_TO_INT(ipc("get-state", &ok, plugin_test_account(), (gpointer)peer, NULL));

	CHECK(ok);
	return state;
}

static void discard_notices(void)
{
	g_free(plugin_test_take_notices());
}

static void test_never_leaves_text_alone(void)
{
	char *out;

	purple_prefs_set_string(POLICY_PREF, "never");
	out = plugin_test_send(PEER, "hello <b>bob</b>");
	CHECK(g_strcmp0(out, "hello <b>bob</b>") == 0);
	g_free(out);
}

static void test_opportunistic_tags_plaintext(void)
{
	char *out;

	purple_prefs_set_string(POLICY_PREF, "opportunistic");
	out = plugin_test_send("yan", "hello bob");
	CHECK(out != NULL && g_str_has_prefix(out, "hello bob"));
	CHECK(out != NULL && seal_wire_has_tag(out, strlen(out)));
	g_free(out);
}

static void test_always_holds_plaintext(void)
{
	PurpleConversation *conv;
	char *error = NULL;
	char *out;
	char *notes;

	purple_prefs_set_string(POLICY_PREF, "always");
	discard_notices();
	out = plugin_test_send("carol", "secret for carol");
	CHECK(out == NULL);
	g_free(out);
	notes = plugin_test_take_notices();
	CHECK(strstr(notes, "pending") != NULL);
	g_free(notes);
	CHECK(ipc_state("carol") == SEAL_STATE_PENDING);
	/* carol never answered: the status says so, not "being set up" */
	conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, "carol",
						     plugin_test_account());
	if (conv == NULL)
		conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, plugin_test_account(), "carol");
	CHECK(purple_cmd_do_command(conv, "seal status", "seal status", &error) ==
	      PURPLE_CMD_STATUS_OK);
	g_free(error);
	notes = plugin_test_take_notices();
	CHECK(strstr(notes, "Waiting for the contact to answer with Seal") != NULL);
	CHECK(strstr(notes, "Held messages: 1.") != NULL);
	g_free(notes);
	purple_prefs_set_string(POLICY_PREF, "opportunistic");
}

/* pidgin-otr's own messages pass untouched; a typed text that only begins
 * with "?OTR" is held under "always" like any other. */
static void test_only_otr_messages_pass(void)
{
	static const char *const otr[] = { "?OTR:AAMDJ+MVmSfjFZcAAAAAAQAAAAIAAADA.",
					   "?OTR|5a73a599|27e31597,00001,00003,?OTR:AAMD,",
					   "?OTR,1,3,?OTR:AAEC,", "?OTRv23? alice requested OTR.",
					   "?OTR Error: You sent encrypted data which was unexpected" };
	size_t i;
	char *out;

	purple_prefs_set_string(POLICY_PREF, "always");
	for (i = 0; i < G_N_ELEMENTS(otr); i++) {
		out = plugin_test_send("olga", otr[i]);
		CHECK(g_strcmp0(out, otr[i]) == 0);
		g_free(out);
	}
	discard_notices();
	out = plugin_test_send("olga", "?OTR hello");
	CHECK(out == NULL);
	g_free(out);
	out = plugin_test_take_notices();
	CHECK(strstr(out, "pending") != NULL);
	g_free(out);
	purple_prefs_set_string(POLICY_PREF, "opportunistic");
}

static void test_garbage_is_reported_not_shown(void)
{
	static const char *const garbage[] = {
		"?SEAL1:!!!not base64.",
		"?SEAL1:AAAA.",
		"?SEAL1:BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.",
		"?SEAL1|bogus|3|2|AAAA.",
		"<b>?SEAL1:</b>QUJD.",
		"?SEAL1:BQ==.",
	};
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(garbage); i++) {
		char *shown;
		char *notes;

		discard_notices();
		shown = plugin_test_receive("mallory@example.org", garbage[i]);
		notes = plugin_test_take_notices();
		CHECK(shown == NULL);
		if (strstr(garbage[i], "BQ==") == NULL) /* a RESET is handled silently-ish */
			CHECK(*notes != '\0');
		g_free(shown);
		g_free(notes);
	}
}

static void test_tag_is_stripped_on_receive(void)
{
	char *text = g_strconcat("hi alice", seal_wire_tag(), NULL);
	char *shown = plugin_test_receive("dave@example.org", text);

	CHECK(g_strcmp0(shown, "hi alice") == 0);
	g_free(shown);
	g_free(text);
}

static void test_plain_html_untouched(void)
{
	char *shown = plugin_test_receive("erin@example.org", "<b>bold</b> &amp; text");

	CHECK(g_strcmp0(shown, "<b>bold</b> &amp; text") == 0);
	g_free(shown);
}

static void test_random_input_never_crashes(void)
{
	static const char *const starts[] = { "?SEAL1:", "?SEAL1|", "?SEAL1?", "", "<a>?SEAL1:" };
	GRand *rand = g_rand_new_with_seed(42);
	int i;

	for (i = 0; i < 400; i++) {
		GString *text = g_string_new(starts[i % G_N_ELEMENTS(starts)]);
		int len = g_rand_int_range(rand, 0, 200);
		int j;
		char *shown;

		for (j = 0; j < len; j++)
			g_string_append_c(text, (char)g_rand_int_range(rand, 32, 127));
		if (i % 3 == 0)
			g_string_append_c(text, '.');
		shown = plugin_test_receive("fuzz@example.org", text->str);
		g_free(shown);
		g_string_free(text, TRUE);
	}
	g_rand_free(rand);
	discard_notices();
}

static void test_commands_and_files(void)
{
	PurpleConversation *conv =
		purple_conversation_new(PURPLE_CONV_TYPE_IM, plugin_test_account(), PEER);
	char *error = NULL;
	char *notes;
	char *seal_dir = g_build_filename(plugin_test_user_dir(), "seal", NULL);
	GDir *dir;
	const char *entry;
	struct stat st;
	gboolean ok = FALSE;
	char *fp;

	discard_notices();
	CHECK(purple_cmd_do_command(conv, "seal fingerprint", "seal fingerprint", &error) ==
	      PURPLE_CMD_STATUS_OK);
	g_free(error);
	notes = plugin_test_take_notices();
	CHECK(strstr(notes, "Your fingerprint") != NULL);
	g_free(notes);
	CHECK(stat(seal_dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	dir = g_dir_open(seal_dir, 0, NULL);
	CHECK(dir != NULL);
	while (dir != NULL && (entry = g_dir_read_name(dir)) != NULL) {
		char *path = g_build_filename(seal_dir, entry, NULL);
		if (g_str_has_suffix(entry, ".identity"))
			CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
		g_free(path);
	}
	if (dir != NULL)
		g_dir_close(dir);
	fp = ipc("own-fingerprint", &ok, plugin_test_account(), NULL, NULL);
	CHECK(ok && fp != NULL && strlen(fp) == 47);
	g_free(fp);
	CHECK(purple_cmd_do_command(conv, "seal status", "seal status", &error) ==
	      PURPLE_CMD_STATUS_OK);
	CHECK(purple_cmd_do_command(conv, "seal", "seal", &error) == PURPLE_CMD_STATUS_OK);
	notes = plugin_test_take_notices();
	CHECK(strstr(notes, "/seal start") != NULL);
	g_free(notes);
	g_free(seal_dir);
}

static void test_ipc_policy(void)
{
	gboolean ok = FALSE;
	char *policy;

	CHECK(GPOINTER_TO_INT(ipc("set-policy", &ok, plugin_test_account(), NULL, "never")));
	policy = ipc("get-policy", &ok, plugin_test_account(), (gpointer)PEER, NULL);
	CHECK(ok && g_strcmp0(policy, "never") == 0);
	g_free(policy);
	CHECK(!GPOINTER_TO_INT(ipc("set-policy", &ok, plugin_test_account(), NULL, "sometimes")));
	purple_account_set_string(plugin_test_account(), "seal-policy", NULL);
	policy = ipc("get-policy", &ok, plugin_test_account(), (gpointer)PEER, NULL);
	CHECK(ok && g_strcmp0(policy, "opportunistic") == 0);
	g_free(policy);
}

static void test_reload_cycles(void)
{
	int i;

	for (i = 0; i < 5; i++) {
		char *out;

		CHECK(purple_plugin_unload(plugin_test_plugin()));
		out = plugin_test_send("zed", "unloaded");
		CHECK(g_strcmp0(out, "unloaded") == 0);
		g_free(out);
		CHECK(purple_plugin_load(plugin_test_plugin()));
		out = plugin_test_send("zed", "loaded");
		CHECK(out != NULL && seal_wire_has_tag(out, strlen(out)));
		g_free(out);
	}
}

/* Every plugin action runs without a UI (request and notify do nothing),
 * and the records IPC answers. */
static void test_actions_and_records_ipc(void)
{
	PurplePlugin *plugin = plugin_test_plugin();
	GList *actions = plugin->info->actions(plugin, NULL);
	GList *l;
	gboolean ok = FALSE;
	char *csv = g_build_filename(plugin_test_user_dir(), "export.csv", NULL);
	char *verdict;
	int written;

	CHECK(g_list_length(actions) == 4);
	for (l = actions; l != NULL; l = l->next) {
		PurplePluginAction *action = l->data;
		action->plugin = plugin;
		action->callback(action);
		purple_plugin_action_free(action);
	}
	g_list_free(actions);
	written = GPOINTER_TO_INT(ipc("export-records", &ok, csv, NULL, NULL));
	CHECK(ok);
	CHECK(written >= 0);
	verdict = ipc("verify-records", &ok, NULL, NULL, NULL);
	CHECK(ok && verdict != NULL && *verdict != '\0');
	g_free(verdict);
	g_free(csv);
}

void plugin_test_cases_run(void)
{
	plugin_test_conversation_run();
	plugin_test_resend_run();
	plugin_test_held_run();
	plugin_test_ui_run();
	test_never_leaves_text_alone();
	test_opportunistic_tags_plaintext();
	test_always_holds_plaintext();
	test_only_otr_messages_pass();
	test_garbage_is_reported_not_shown();
	test_tag_is_stripped_on_receive();
	test_plain_html_untouched();
	test_random_input_never_crashes();
	test_commands_and_files();
	test_ipc_policy();
	test_reload_cycles();
	test_actions_and_records_ipc();
}
