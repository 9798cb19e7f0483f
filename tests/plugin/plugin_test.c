/* seal-plugin-test: loads core-seal into an in-process libpurple core (no
 * UI, no network) and runs the test cases of plugin_test_cases.c.
 *   seal-plugin-test /path/to/core-seal.so */
#include "plugin_test.h"
#include "loopback_prpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <blist.h>
#include <conversation.h>
#include <core.h>
#include <debug.h>
#include <eventloop.h>
#include <signals.h>
#include <util.h>

static int failures;
static PurplePlugin *seal_plugin;
static PurpleAccount *test_account;
static PurpleAccount *other_account;
static char *user_dir;
static GString *notices;

void plugin_test_check(int ok, const char *what, const char *file, int line)
{
	if (!ok) {
		fprintf(stderr, "FAIL %s:%d: %s\n", file, line, what);
		failures++;
	}
}

PurplePlugin *plugin_test_plugin(void)
{
	return seal_plugin;
}

PurpleAccount *plugin_test_account(void)
{
	return test_account;
}

PurpleAccount *plugin_test_other_account(void)
{
	return other_account;
}

const char *plugin_test_user_dir(void)
{
	return user_dir;
}

char *plugin_test_send(const char *to, const char *html)
{
	char *message = g_strdup(html);

	purple_signal_emit(purple_conversations_get_handle(), "sending-im-msg", test_account, to,
			   &message);
	return message;
}

char *plugin_test_receive(const char *from, const char *text)
{
	char *sender = g_strdup(from);
	char *message = g_strdup(text);
	PurpleMessageFlags flags = PURPLE_MESSAGE_RECV;
	gboolean drop;

	drop = GPOINTER_TO_INT(purple_signal_emit_return_1(purple_conversations_get_handle(),
							   "receiving-im-msg", test_account,
							   &sender, &message, NULL, &flags));
	g_free(sender);
	if (drop) {
		g_free(message);
		return NULL;
	}
	return message;
}

char *plugin_test_take_notices(void)
{
	char *text = g_strdup(notices->str);

	g_string_truncate(notices, 0);
	return text;
}

static void record_written(PurpleAccount *account, const char *who, char *message,
			   PurpleConversation *conv, PurpleMessageFlags flags, gpointer data)
{
	const char *kind = (flags & PURPLE_MESSAGE_ERROR)  ? "ERROR"
			   : (flags & PURPLE_MESSAGE_SYSTEM) ? "SYSTEM"
			   : (flags & PURPLE_MESSAGE_SEND)   ? "SENT"
							     : "RECV";

	(void)data;
	g_string_append_printf(notices, "%s %s %s: %s\n", purple_account_get_username(account),
			       kind, who ? who : purple_conversation_get_name(conv), message);
}

static PurpleEventLoopUiOps test_loop_ops = {
	g_timeout_add, g_source_remove, NULL, NULL, NULL, g_timeout_add_seconds,
	NULL, NULL, NULL,
};

static gboolean start_core(void)
{
	user_dir = g_dir_make_tmp("seal-plugin-test-XXXXXX", NULL);
	if (user_dir == NULL)
		return FALSE;
	purple_util_set_user_dir(user_dir);
	purple_debug_set_enabled(getenv("SEAL_TEST_DEBUG") != NULL);
	purple_eventloop_set_ui_ops(&test_loop_ops);
	loopback_prpl_register(); /* before the core probes plugins */
	if (!purple_core_init("seal-plugin-test"))
		return FALSE;
	purple_set_blist(purple_blist_new());
	purple_blist_load();
	notices = g_string_new(NULL);
	/* first of all wrote-im-msg handlers: lines are kept in display order */
	purple_signal_connect_priority(purple_conversations_get_handle(), "wrote-im-msg", &notices,
				       PURPLE_CALLBACK(record_written), NULL,
				       PURPLE_SIGNAL_PRIORITY_LOWEST);
	test_account = loopback_account("alice");
	other_account = loopback_account("bob");
	return TRUE;
}

static void remove_tree(const char *path)
{
	char *argv[] = { "rm", "-rf", (char *)path, NULL };

	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* The core probed the plugin directories already: a Seal installed on this
 * machine would shadow the build under test ("another plugin with the same
 * name"); drop it and probe the given file. */
static PurplePlugin *probe_seal(const char *path)
{
	PurplePlugin *installed = purple_plugins_find_with_id("core-seal");

	if (installed != NULL && g_strcmp0(installed->path, path) != 0)
		purple_plugin_destroy(installed);
	return purple_plugin_probe(path);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s /path/to/core-seal.so\n", argv[0]);
		return 2;
	}
	if (!start_core()) {
		fprintf(stderr, "cannot start libpurple\n");
		return 2;
	}
	seal_plugin = probe_seal(argv[1]);
	if (seal_plugin == NULL || g_strcmp0(seal_plugin->path, argv[1]) != 0 ||
	    !purple_plugin_load(seal_plugin)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 2;
	}
	plugin_test_cases_run();
	if (purple_plugin_is_loaded(seal_plugin))
		purple_plugin_unload(seal_plugin);
	purple_core_quit();
	g_string_free(notices, TRUE);
	remove_tree(user_dir);
	g_free(user_dir);
	if (failures > 0) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("all plugin checks passed\n");
	return 0;
}

void plugin_test_say(PurpleAccount *from, const char *to, const char *html)
{
	PurpleConversation *conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, to, from);

	if (conv == NULL)
		conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, from, to);
	purple_conv_im_send(PURPLE_CONV_IM(conv), html);
	loopback_flush();
}

guint plugin_test_count(const char *events, const char *needle)
{
	guint n = 0;
	const char *at = events;

	while ((at = strstr(at, needle)) != NULL) {
		n++;
		at += strlen(needle);
	}
	return n;
}
