/* libpurple UI operations of the headless e2e client. */
#include "client_ui.h"

#include <stdio.h>

#include <blist.h>
#include <connection.h>
#include <conversation.h>
#include <core.h>
#include <debug.h>
#include <eventloop.h>
#include <notify.h>
#include <request.h>
#include <util.h>

#include "client_events.h"
#include "client_text.h"

/* ---- event loop on GLib (the nullclient pattern) ---- */

#define E2E_READ_COND (G_IO_IN | G_IO_HUP | G_IO_ERR)
#define E2E_WRITE_COND (G_IO_OUT | G_IO_HUP | G_IO_ERR | G_IO_NVAL)

typedef struct {
	PurpleInputFunction function;
	gpointer data;
} InputWatch;

static gboolean
input_ready(GIOChannel *source, GIOCondition condition, gpointer data)
{
	InputWatch *watch = data;
	PurpleInputCondition purple_condition = 0;

	if (condition & E2E_READ_COND)
		purple_condition |= PURPLE_INPUT_READ;
	if (condition & E2E_WRITE_COND)
		purple_condition |= PURPLE_INPUT_WRITE;
	watch->function(watch->data, g_io_channel_unix_get_fd(source), purple_condition);
	return TRUE;
}

static guint
input_add(gint fd, PurpleInputCondition condition, PurpleInputFunction function, gpointer data)
{
	InputWatch *watch = g_new0(InputWatch, 1);
	GIOCondition io_condition = 0;
	GIOChannel *channel;
	guint id;

	watch->function = function;
	watch->data = data;
	if (condition & PURPLE_INPUT_READ)
		io_condition |= E2E_READ_COND;
	if (condition & PURPLE_INPUT_WRITE)
		io_condition |= E2E_WRITE_COND;
	channel = g_io_channel_unix_new(fd);
	id = g_io_add_watch_full(channel, G_PRIORITY_DEFAULT, io_condition, input_ready, watch,
				 g_free);
	g_io_channel_unref(channel);
	return id;
}

static PurpleEventLoopUiOps event_loop_ops = {
	.timeout_add = g_timeout_add,
	.timeout_remove = g_source_remove,
	.input_add = input_add,
	.input_remove = g_source_remove,
	.timeout_add_seconds = g_timeout_add_seconds,
};

/* ---- debug output ---- */

static gboolean debug_enabled;

static void
debug_print(PurpleDebugLevel level, const char *category, const char *text)
{
	(void)level;
	fprintf(stderr, "%s: %s", category != NULL ? category : "-", text);
}

static gboolean
debug_is_enabled(PurpleDebugLevel level, const char *category)
{
	(void)level;
	(void)category;
	return debug_enabled;
}

static PurpleDebugUiOps debug_ops = {
	.print = debug_print,
	.is_enabled = debug_is_enabled,
};

static PurpleCoreUiOps core_ops;

void
e2e_ui_install_core_ops(gboolean debug_to_stderr)
{
	debug_enabled = debug_to_stderr;
	purple_debug_set_enabled(FALSE); /* libpurple's own stdout printing: off */
	purple_debug_set_ui_ops(&debug_ops);
	purple_eventloop_set_ui_ops(&event_loop_ops);
	purple_core_set_ui_ops(&core_ops);
}

/* ---- conversations: what a window shows ---- */

char *
e2e_ui_peer_name(PurpleAccount *account, const char *name)
{
	const char *normalised = purple_normalize(account, name);

	return g_strdup(normalised != NULL ? normalised : name);
}

static const char *
event_kind_of(PurpleMessageFlags flags)
{
	if (flags & PURPLE_MESSAGE_INVISIBLE)
		return "HIDDEN";
	if (flags & PURPLE_MESSAGE_ERROR)
		return "ERROR";
	if (flags & (PURPLE_MESSAGE_SYSTEM | PURPLE_MESSAGE_NOTIFY))
		return "SYSTEM";
	if (flags & PURPLE_MESSAGE_RECV)
		return "RECV";
	if (flags & PURPLE_MESSAGE_SEND)
		return "SENT";
	return "SYSTEM";
}

static void
write_conv(PurpleConversation *conv, const char *name, const char *alias, const char *message,
	   PurpleMessageFlags flags, time_t mtime)
{
	char *peer = e2e_ui_peer_name(purple_conversation_get_account(conv),
				      purple_conversation_get_name(conv));
	char *shown = e2e_text_markup_to_shown(message != NULL ? message : "");

	(void)name;
	(void)alias;
	(void)mtime;
	e2e_event_emit(event_kind_of(flags), peer, shown);
	g_free(shown);
	g_free(peer);
}

static PurpleConversationUiOps conversation_ops = {
	.write_conv = write_conv,
};

/* ---- dialogs: printed, never answered ---- */

static void
print_dialog(const char *kind, const char *title, const char *primary, const char *secondary)
{
	char *text = g_strdup_printf("%s | %s | %s", title != NULL ? title : "",
				     primary != NULL ? primary : "", secondary != NULL ? secondary : "");
	char *shown = e2e_text_markup_to_shown(text);

	e2e_event_emit(kind, NULL, shown);
	g_free(shown);
	g_free(text);
}

static void *
notify_message(PurpleNotifyMsgType type, const char *title, const char *primary,
	       const char *secondary)
{
	(void)type;
	print_dialog("NOTIFY", title, primary, secondary);
	return NULL;
}

static void *
notify_formatted(const char *title, const char *primary, const char *secondary,
		 const char *text)
{
	(void)text;
	print_dialog("NOTIFY", title, primary, secondary);
	return NULL;
}

static PurpleNotifyUiOps notify_ops = {
	.notify_message = notify_message,
	.notify_formatted = notify_formatted,
};

static void *
request_action(const char *title, const char *primary, const char *secondary,
	       int default_action, PurpleAccount *account, const char *who,
	       PurpleConversation *conv, void *user_data, size_t action_count, va_list actions)
{
	(void)default_action;
	(void)account;
	(void)who;
	(void)conv;
	(void)user_data;
	(void)action_count;
	(void)actions;
	print_dialog("REQUEST", title, primary, secondary);
	return NULL;
}

static PurpleRequestUiOps request_ops = {
	.request_action = request_action,
};

/* ---- connection state ---- */

static int connection_handle;

static void
signed_on(PurpleConnection *gc, gpointer data)
{
	PurpleAccount *account = purple_connection_get_account(gc);

	(void)data;
	e2e_event_emit("SIGNED-ON", purple_account_get_username(account), NULL);
}

static void
signed_off(PurpleConnection *gc, gpointer data)
{
	PurpleAccount *account = purple_connection_get_account(gc);

	(void)data;
	e2e_event_emit("SIGNED-OFF", purple_account_get_username(account), NULL);
}

static void
connection_error(PurpleConnection *gc, PurpleConnectionError error, const char *description,
		 gpointer data)
{
	PurpleAccount *account = purple_connection_get_account(gc);
	char *text = g_strdup_printf("connection error %d: %s", (int)error,
				     description != NULL ? description : "");

	(void)data;
	e2e_event_emit("ERROR", purple_account_get_username(account), text);
	g_free(text);
}

static void
buddy_presence(PurpleBuddy *buddy, gpointer kind)
{
	char *name = e2e_ui_peer_name(purple_buddy_get_account(buddy), purple_buddy_get_name(buddy));

	e2e_event_emit(kind, name, NULL);
	g_free(name);
}

void
e2e_ui_install_conversation_ops(void)
{
	void *connections = purple_connections_get_handle();

	purple_conversations_set_ui_ops(&conversation_ops);
	purple_notify_set_ui_ops(&notify_ops);
	purple_request_set_ui_ops(&request_ops);
	purple_signal_connect(connections, "signed-on", &connection_handle,
			      PURPLE_CALLBACK(signed_on), NULL);
	purple_signal_connect(connections, "signed-off", &connection_handle,
			      PURPLE_CALLBACK(signed_off), NULL);
	purple_signal_connect(connections, "connection-error", &connection_handle,
			      PURPLE_CALLBACK(connection_error), NULL);
	purple_signal_connect(purple_blist_get_handle(), "buddy-signed-on", &connection_handle,
			      PURPLE_CALLBACK(buddy_presence), "ONLINE");
	purple_signal_connect(purple_blist_get_handle(), "buddy-signed-off", &connection_handle,
			      PURPLE_CALLBACK(buddy_presence), "OFFLINE");
}
