/* The command script of the headless e2e client. */
#include "client_script.h"

#include <stdlib.h>
#include <string.h>

#include <cmds.h>
#include <conversation.h>
#include <prefs.h>

#include "client_events.h"
#include "client_text.h"
#include "client_ui.h"

typedef struct {
	char *command;    /* the script line, for TIMEOUT reports */
	char *kind;       /* event kind awaited */
	char *peer;       /* NULL: any */
	char *substring;  /* or regex */
	GRegex *regex;
	guint timer;
} PendingWait;

struct E2eScript {
	PurpleAccount *account;
	GMainLoop *loop;
	GQueue lines;
	guint wait_limit_s;
	gboolean started;
	gboolean busy;        /* a wait or sleep is running */
	guint resume_source;  /* idle source that runs the next commands */
	PendingWait *wait;
	guint failures;
	GIOChannel *input;
	guint input_watch;
	GString *partial_line;
};

static void run_commands(E2eScript *script);

static gboolean
resume_cb(gpointer data)
{
	E2eScript *script = data;

	script->resume_source = 0;
	run_commands(script);
	return G_SOURCE_REMOVE;
}

/* Run the next commands from the main loop, never from inside a callback. */
static void
schedule_resume(E2eScript *script)
{
	if (script->resume_source == 0)
		script->resume_source = g_idle_add(resume_cb, script);
}

/* ---- waits ---- */

static void
pending_wait_free(PendingWait *wait)
{
	if (wait->timer != 0)
		g_source_remove(wait->timer);
	if (wait->regex != NULL)
		g_regex_unref(wait->regex);
	g_free(wait->command);
	g_free(wait->kind);
	g_free(wait->peer);
	g_free(wait->substring);
	g_free(wait);
}

static void
finish_wait(E2eScript *script)
{
	pending_wait_free(script->wait);
	script->wait = NULL;
	script->busy = FALSE;
	schedule_resume(script);
}

static gboolean
wait_satisfied(const PendingWait *wait)
{
	return e2e_event_take(wait->kind, wait->peer, wait->substring, wait->regex) != NULL;
}

static void
event_arrived(void *data)
{
	E2eScript *script = data;

	if (script->wait != NULL && wait_satisfied(script->wait))
		finish_wait(script);
}

static gboolean
wait_timed_out(gpointer data)
{
	E2eScript *script = data;

	script->wait->timer = 0;
	e2e_event_print("TIMEOUT", NULL, script->wait->command);
	script->failures++;
	finish_wait(script);
	return G_SOURCE_REMOVE;
}

/* pattern: "/regex/" or a substring (escapes allowed). */
static gboolean
set_wait_pattern(PendingWait *wait, const char *pattern)
{
	char *text = e2e_text_unescape(pattern);
	size_t length = strlen(text);
	GError *error = NULL;

	if (length >= 2 && text[0] == '/' && text[length - 1] == '/') {
		text[length - 1] = '\0';
		wait->regex = g_regex_new(text + 1, G_REGEX_DOTALL, 0, &error);
		g_free(text);
		if (wait->regex == NULL) {
			e2e_event_print("FAIL", NULL, error->message);
			g_error_free(error);
			return FALSE;
		}
		return TRUE;
	}
	wait->substring = text;
	return TRUE;
}

static void
start_wait(E2eScript *script, const char *command, const char *kind, const char *peer,
	   const char *pattern)
{
	PendingWait *wait = g_new0(PendingWait, 1);

	wait->command = g_strdup(command);
	wait->kind = g_strdup(kind);
	wait->peer = peer != NULL ? e2e_ui_peer_name(script->account, peer) : NULL;
	if (!set_wait_pattern(wait, pattern != NULL ? pattern : "")) {
		pending_wait_free(wait);
		script->failures++;
		return;
	}
	if (wait_satisfied(wait)) {
		pending_wait_free(wait);
		return;
	}
	script->wait = wait;
	script->busy = TRUE;
	wait->timer = g_timeout_add_seconds(script->wait_limit_s, wait_timed_out, script);
}

/* ---- other commands ---- */

static gboolean
sleep_done(gpointer data)
{
	E2eScript *script = data;

	script->busy = FALSE;
	schedule_resume(script);
	return G_SOURCE_REMOVE;
}

static PurpleConversation *
im_conversation(E2eScript *script, const char *peer)
{
	PurpleConversation *conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM,
									   peer, script->account);

	if (conv == NULL)
		conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, script->account, peer);
	return conv;
}

static void
send_typed(E2eScript *script, const char *peer, const char *escaped_text)
{
	PurpleConversation *conv = im_conversation(script, peer);
	char *typed = e2e_text_unescape(escaped_text);
	char *markup = e2e_text_typed_to_markup(typed);
	char *peer_name = e2e_ui_peer_name(script->account, peer);

	e2e_event_print("TYPED", peer_name, typed);
	purple_conv_im_send(PURPLE_CONV_IM(conv), markup);
	g_free(peer_name);
	g_free(markup);
	g_free(typed);
}

static const char *
command_status_name(PurpleCmdStatus status)
{
	switch (status) {
	case PURPLE_CMD_STATUS_OK: return "OK";
	case PURPLE_CMD_STATUS_FAILED: return "FAILED";
	case PURPLE_CMD_STATUS_NOT_FOUND: return "NOT-FOUND";
	case PURPLE_CMD_STATUS_WRONG_ARGS: return "WRONG-ARGS";
	case PURPLE_CMD_STATUS_WRONG_PRPL: return "WRONG-PROTOCOL";
	case PURPLE_CMD_STATUS_WRONG_TYPE: return "WRONG-TYPE";
	}
	return "UNKNOWN";
}

static void
run_slash_command(E2eScript *script, const char *peer, const char *command_line)
{
	PurpleConversation *conv = im_conversation(script, peer);
	char *markup = e2e_text_typed_to_markup(command_line);
	char *error = NULL;
	PurpleCmdStatus status = purple_cmd_do_command(conv, command_line, markup, &error);
	char *peer_name = e2e_ui_peer_name(script->account, peer);
	char *result = g_strdup_printf("%s %s%s%s", command_status_name(status), command_line,
				       error != NULL ? " | " : "", error != NULL ? error : "");

	e2e_event_print("CMD", peer_name, result);
	if (status != PURPLE_CMD_STATUS_OK)
		script->failures++;
	g_free(result);
	g_free(peer_name);
	g_free(error);
	g_free(markup);
}

gboolean
e2e_pref_assign(const char *assignment)
{
	const char *equals = strchr(assignment, '=');
	char *path;
	const char *value;

	if (equals == NULL || equals == assignment)
		return FALSE;
	path = g_strndup(assignment, (gsize)(equals - assignment));
	value = equals + 1;
	switch (purple_prefs_get_type(path)) {
	case PURPLE_PREF_INT:
		purple_prefs_set_int(path, atoi(value));
		break;
	case PURPLE_PREF_BOOLEAN:
		purple_prefs_set_bool(path, strcmp(value, "1") == 0 || strcmp(value, "true") == 0);
		break;
	case PURPLE_PREF_STRING:
		purple_prefs_set_string(path, value);
		break;
	default:
		purple_prefs_add_string(path, value);
		purple_prefs_set_string(path, value);
		break;
	}
	g_free(path);
	return TRUE;
}

/* ---- dispatch ---- */

/* Split "word rest" at the first space: *rest is "" when there is none. */
static char *
split_word(const char *line, const char **rest)
{
	const char *space = strchr(line, ' ');

	if (space == NULL) {
		*rest = line + strlen(line);
		return g_strdup(line);
	}
	*rest = space + 1;
	return g_strndup(line, (gsize)(space - line));
}

static void
quit_client(E2eScript *script)
{
	e2e_event_print("QUIT", NULL, NULL);
	g_queue_clear_full(&script->lines, g_free);
	script->busy = TRUE; /* nothing runs after quit */
	g_main_loop_quit(script->loop);
}

/* Run one command line whose verb takes a contact and a text. */
static void
run_peer_command(E2eScript *script, const char *line, const char *verb, const char *args)
{
	const char *text;
	char *peer = split_word(args, &text);

	if (strcmp(verb, "send") == 0)
		send_typed(script, peer, text);
	else if (strcmp(verb, "cmd") == 0)
		run_slash_command(script, peer, text);
	else if (strcmp(verb, "wait-recv") == 0)
		start_wait(script, line, "RECV", peer, text);
	else if (strcmp(verb, "wait-sent") == 0)
		start_wait(script, line, "SENT", peer, text);
	g_free(peer);
}

static void
run_line(E2eScript *script, const char *line)
{
	const char *args;
	char *verb = split_word(line, &args);

	if (*line == '\0' || *line == '#')
		;
	else if (strcmp(verb, "send") == 0 || strcmp(verb, "cmd") == 0 ||
		 strcmp(verb, "wait-recv") == 0 || strcmp(verb, "wait-sent") == 0)
		run_peer_command(script, line, verb, args);
	else if (strcmp(verb, "wait-system") == 0)
		start_wait(script, line, "SYSTEM", NULL, args);
	else if (strcmp(verb, "wait-error") == 0)
		start_wait(script, line, "ERROR", NULL, args);
	else if (strcmp(verb, "wait-signed-on") == 0)
		start_wait(script, line, "SIGNED-ON", NULL, NULL);
	else if (strcmp(verb, "timeout") == 0)
		script->wait_limit_s = (guint)MAX(1, atoi(args));
	else if (strcmp(verb, "sleep") == 0) {
		script->busy = TRUE;
		g_timeout_add((guint)MAX(0, atoi(args)), sleep_done, script);
	} else if (strcmp(verb, "pref") == 0) {
		if (!e2e_pref_assign(args)) {
			e2e_event_print("FAIL", NULL, line);
			script->failures++;
		}
	} else if (strcmp(verb, "echo") == 0)
		e2e_event_print("ECHO", NULL, args);
	else if (strcmp(verb, "quit") == 0)
		quit_client(script);
	else {
		e2e_event_print("FAIL", NULL, line);
		script->failures++;
	}
	g_free(verb);
}

static void
run_commands(E2eScript *script)
{
	while (script->started && !script->busy && !g_queue_is_empty(&script->lines)) {
		char *line = g_queue_pop_head(&script->lines);
		run_line(script, line);
		g_free(line);
	}
}

/* ---- input ---- */

void
e2e_script_add_line(E2eScript *script, const char *line)
{
	size_t length = strlen(line);
	char *copy;

	/* only the line end goes: trailing blanks are part of a typed text */
	while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
		length--;
	copy = g_strndup(line, length);
	g_queue_push_tail(&script->lines, copy);
	schedule_resume(script);
}

static gboolean
input_readable(GIOChannel *channel, GIOCondition condition, gpointer data)
{
	E2eScript *script = data;
	char buffer[4096];
	gsize length = 0;
	GIOStatus status;

	(void)condition;
	status = g_io_channel_read_chars(channel, buffer, sizeof buffer, &length, NULL);
	for (gsize i = 0; i < length; i++) {
		if (buffer[i] != '\n') {
			g_string_append_c(script->partial_line, buffer[i]);
			continue;
		}
		e2e_script_add_line(script, script->partial_line->str);
		g_string_truncate(script->partial_line, 0);
	}
	if (status == G_IO_STATUS_EOF || status == G_IO_STATUS_ERROR) {
		if (script->partial_line->len > 0)
			e2e_script_add_line(script, script->partial_line->str);
		e2e_script_add_line(script, "quit");
		g_io_channel_unref(script->input);
		script->input = NULL;
		script->input_watch = 0;
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

void
e2e_script_read_from(E2eScript *script, int fd)
{
	script->input = g_io_channel_unix_new(fd);
	g_io_channel_set_encoding(script->input, NULL, NULL);
	g_io_channel_set_buffered(script->input, FALSE);
	script->input_watch = g_io_add_watch(script->input, G_IO_IN | G_IO_HUP | G_IO_ERR, input_readable, script);
}

/* ---- life cycle ---- */

E2eScript *
e2e_script_new(PurpleAccount *account, guint default_timeout_s, GMainLoop *loop)
{
	E2eScript *script = g_new0(E2eScript, 1);

	script->account = account;
	script->loop = loop;
	script->wait_limit_s = default_timeout_s;
	script->partial_line = g_string_new(NULL);
	g_queue_init(&script->lines);
	e2e_events_set_listener(event_arrived, script);
	return script;
}

void
e2e_script_start(E2eScript *script)
{
	script->started = TRUE;
	schedule_resume(script);
}

guint
e2e_script_failures(const E2eScript *script)
{
	return script->failures;
}

void
e2e_script_free(E2eScript *script)
{
	e2e_events_set_listener(NULL, NULL);
	if (script->wait != NULL)
		pending_wait_free(script->wait);
	if (script->resume_source != 0)
		g_source_remove(script->resume_source);
	if (script->input_watch != 0)
		g_source_remove(script->input_watch);
	if (script->input != NULL)
		g_io_channel_unref(script->input);
	g_queue_clear_full(&script->lines, g_free);
	g_string_free(script->partial_line, TRUE);
	g_free(script);
}
