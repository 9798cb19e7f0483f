/* seal-e2e-client: a headless libpurple client for Seal's end-to-end tests,
 * demo and latency benchmark.
 *
 * One account (XMPP or IRC), optionally the Seal plugin loaded from a path,
 * preferences from the command line, driven by a command script (stdin or a
 * file, see client_script.h).  Everything a conversation window would show is
 * printed as one line per event on stdout (see client_events.h):
 *
 *   <CLOCK_MONOTONIC µs> SIGNED-ON <account> -
 *   <µs> RECV <from> <text>       a received message, after all plugin processing
 *   <µs> SENT <to> <text>         an own message as shown in the window
 *   <µs> SYSTEM <contact> <text>  a system/notification line
 *   <µs> ERROR <contact> <text>   an error line (or a connection error)
 *   <µs> TYPED <to> <text>        the script typed and sent this (before any plugin)
 *   <µs> ONLINE <buddy> -         a buddy came online (OFFLINE: went offline)
 *
 * Text fields are escaped: \n, \t, \\ and \xNN for other control bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <glib-unix.h>

#include <account.h>
#include <blist.h>
#include <connection.h>
#include <core.h>
#include <plugin.h>
#include <prefs.h>
#include <savedstatuses.h>
#include <util.h>

#include "client_events.h"
#include "client_script.h"
#include "client_ui.h"

#define E2E_UI_ID "seal-e2e"

typedef struct {
	char *user_dir;
	char *protocol;  /* "xmpp" or "irc" */
	char *account;   /* alice@localhost/e2e  or  alice@127.0.0.1 */
	char *password;
	char *server;
	int port;
	char *plugin;    /* absolute path of core-seal.so, or NULL */
	char **prefs;    /* path=value */
	char *script;    /* file, or NULL for stdin */
	int timeout_s;
	gboolean debug;
} ClientOptions;

static gboolean
parse_options(int argc, char **argv, ClientOptions *options)
{
	GOptionEntry entries[] = {
		{ "user-dir", 0, 0, G_OPTION_ARG_FILENAME, &options->user_dir,
		  "libpurple user directory (created if missing)", "DIR" },
		{ "protocol", 0, 0, G_OPTION_ARG_STRING, &options->protocol, "xmpp or irc", "P" },
		{ "account", 0, 0, G_OPTION_ARG_STRING, &options->account,
		  "user@localhost/resource (XMPP) or nick@server (IRC)", "NAME" },
		{ "password", 0, 0, G_OPTION_ARG_STRING, &options->password, "password", "PW" },
		{ "server", 0, 0, G_OPTION_ARG_STRING, &options->server,
		  "server address (XMPP connect server)", "HOST" },
		{ "port", 0, 0, G_OPTION_ARG_INT, &options->port, "server port", "N" },
		{ "plugin", 0, 0, G_OPTION_ARG_FILENAME, &options->plugin,
		  "load this plugin (absolute path)", "SO" },
		{ "pref", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->prefs,
		  "set a preference before the plugin loads (repeatable)", "PATH=VALUE" },
		{ "script", 0, 0, G_OPTION_ARG_FILENAME, &options->script,
		  "command script (default: stdin)", "FILE" },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &options->timeout_s,
		  "default wait and sign-on limit in seconds (60)", "S" },
		{ "debug", 0, 0, G_OPTION_ARG_NONE, &options->debug,
		  "libpurple debug output on stderr", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *context = g_option_context_new("- headless libpurple client for e2e tests");
	GError *error = NULL;
	gboolean ok;

	options->timeout_s = 60;
	g_option_context_add_main_entries(context, entries, NULL);
	ok = g_option_context_parse(context, &argc, &argv, &error);
	g_option_context_free(context);
	if (!ok) {
		fprintf(stderr, "seal-e2e-client: %s\n", error->message);
		g_error_free(error);
		return FALSE;
	}
	if (options->user_dir == NULL || options->account == NULL || options->protocol == NULL ||
	    options->port <= 0 || (strcmp(options->protocol, "xmpp") != 0 &&
				   strcmp(options->protocol, "irc") != 0)) {
		fprintf(stderr, "seal-e2e-client: need --user-dir, --protocol xmpp|irc, "
				"--account and --port (see --help)\n");
		return FALSE;
	}
	return TRUE;
}

static gboolean
load_plugin(PurplePlugin *plugin)
{
	if (!purple_plugin_load(plugin)) {
		e2e_event_emit("ERROR", NULL, plugin->error != NULL ? plugin->error
								  : "the plugin did not load");
		return FALSE;
	}
	e2e_event_print("PLUGIN", plugin->info->id, plugin->path);
	return TRUE;
}

static PurpleAccount *
find_or_create_account(const char *name, const char *protocol_id)
{
	PurpleAccount *account = purple_accounts_find(name, protocol_id);

	if (account == NULL) {
		account = purple_account_new(name, protocol_id);
		purple_accounts_add(account);
	}
	return account;
}

static PurpleAccount *
set_up_account(const ClientOptions *options)
{
	gboolean xmpp = strcmp(options->protocol, "xmpp") == 0;
	PurpleAccount *account = find_or_create_account(options->account,
							xmpp ? "prpl-jabber" : "prpl-irc");

	if (options->password != NULL) {
		purple_account_set_password(account, options->password);
		purple_account_set_remember_password(account, TRUE);
	}
	purple_account_set_int(account, "port", options->port);
	if (xmpp) {
		if (options->server != NULL)
			purple_account_set_string(account, "connect_server", options->server);
		purple_account_set_string(account, "connection_security", "opportunistic_tls");
		purple_account_set_bool(account, "auth_plain_in_clear", TRUE);
		purple_account_set_string(account, "ft_proxies", "");
	} else {
		/* libpurple's IRC flood limiter queues lines on whole seconds */
		purple_account_set_int(account, "ratelimit-interval", 0);
		purple_account_set_bool(account, "ssl", FALSE);
	}
	return account;
}

/* One run of the main loop: the script starts once signed on. */
typedef struct {
	GMainLoop *loop;
	E2eScript *script;
	guint sign_on_timer;
	gboolean signed_on;
} ClientRun;

static void
signed_on_start_script(PurpleConnection *gc, gpointer data)
{
	ClientRun *run = data;

	(void)gc;
	if (run->sign_on_timer != 0)
		g_source_remove(run->sign_on_timer);
	run->sign_on_timer = 0;
	run->signed_on = TRUE;
	e2e_script_start(run->script);
}

static gboolean
sign_on_timed_out(gpointer data)
{
	ClientRun *run = data;

	run->sign_on_timer = 0;
	e2e_event_print("TIMEOUT", NULL, "sign-on");
	g_main_loop_quit(run->loop);
	return G_SOURCE_REMOVE;
}

static gboolean
stop_on_signal(gpointer data)
{
	g_main_loop_quit(data);
	return G_SOURCE_REMOVE;
}

static gboolean
start_core(const ClientOptions *options)
{
	purple_util_set_user_dir(options->user_dir);
	e2e_ui_install_core_ops(options->debug);
	if (!purple_core_init(E2E_UI_ID)) {
		fprintf(stderr, "seal-e2e-client: libpurple did not initialise\n");
		return FALSE;
	}
	purple_set_blist(purple_blist_new());
	purple_blist_load();
	purple_prefs_load();
	e2e_ui_install_conversation_ops();
	return TRUE;
}

/* Preferences go in after the plugin's probe (which adds its defaults) and
 * before its load (which reads them). */
static gboolean
set_up_plugin_and_prefs(const ClientOptions *options)
{
	PurplePlugin *probed = options->plugin != NULL ? purple_plugin_probe(options->plugin) : NULL;

	if (options->plugin != NULL && probed == NULL) {
		e2e_event_emit("ERROR", NULL, "the plugin could not be probed");
		return FALSE;
	}
	for (char **pref = options->prefs; pref != NULL && *pref != NULL; pref++)
		if (!e2e_pref_assign(*pref)) {
			fprintf(stderr, "seal-e2e-client: bad --pref %s\n", *pref);
			return FALSE;
		}
	return probed == NULL || load_plugin(probed);
}

static gboolean
queue_script_file(E2eScript *script, const char *path)
{
	char *contents = NULL;
	char **lines;

	if (!g_file_get_contents(path, &contents, NULL, NULL)) {
		fprintf(stderr, "seal-e2e-client: cannot read %s\n", path);
		return FALSE;
	}
	lines = g_strsplit(contents, "\n", -1);
	for (char **line = lines; *line != NULL; line++)
		e2e_script_add_line(script, *line);
	e2e_script_add_line(script, "quit");
	g_strfreev(lines);
	g_free(contents);
	return TRUE;
}

static int
run_client(const ClientOptions *options)
{
	ClientRun run = { 0 };
	PurpleAccount *account = set_up_account(options);
	int connection_handle = 0;
	guint failures;

	run.loop = g_main_loop_new(NULL, FALSE);
	run.script = e2e_script_new(account, (guint)options->timeout_s, run.loop);
	run.sign_on_timer = g_timeout_add_seconds((guint)options->timeout_s, sign_on_timed_out,
						  &run);
	purple_signal_connect(purple_connections_get_handle(), "signed-on", &connection_handle,
			      PURPLE_CALLBACK(signed_on_start_script), &run);
	if (options->script == NULL)
		e2e_script_read_from(run.script, 0);
	else if (!queue_script_file(run.script, options->script))
		return 2;

	g_unix_signal_add(SIGTERM, stop_on_signal, run.loop);
	g_unix_signal_add(SIGINT, stop_on_signal, run.loop);
	purple_savedstatus_activate(purple_savedstatus_new(NULL, PURPLE_STATUS_AVAILABLE));
	purple_account_set_enabled(account, E2E_UI_ID, TRUE);
	g_main_loop_run(run.loop);

	if (run.sign_on_timer != 0)
		g_source_remove(run.sign_on_timer);
	failures = e2e_script_failures(run.script);
	purple_signals_disconnect_by_handle(&connection_handle);
	e2e_script_free(run.script);
	purple_core_quit();
	g_main_loop_unref(run.loop);
	e2e_events_free_all();
	return (failures == 0 && run.signed_on) ? 0 : 1;
}

int
main(int argc, char **argv)
{
	ClientOptions options = { 0 };

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!parse_options(argc, argv, &options))
		return 2;
	if (!start_core(&options))
		return 2;
	if (!set_up_plugin_and_prefs(&options)) {
		purple_core_quit();
		return 2;
	}
	return run_client(&options);
}
