/* A loopback protocol plugin for in-process tests (see loopback_prpl.h). */
#include "loopback_prpl.h"

#include <string.h>
#include <time.h>

#include <accountopt.h>
#include <connection.h>
#include <plugin.h>
#include <prpl.h>
#include <server.h>
#include <status.h>
#include <value.h>
#include <version.h>

typedef struct {
	char *from;
	char *to;
	char *text;
} LoopbackDelivery;

static GQueue deliveries = G_QUEUE_INIT;
static gboolean mangling;
static GString *wire;
static size_t max_sent;

static const char *loopback_list_icon(PurpleAccount *account, PurpleBuddy *buddy)
{
	(void)account;
	(void)buddy;
	return "loopback";
}

static GList *loopback_status_types(PurpleAccount *account)
{
	GList *types = NULL;

	(void)account;
	types = g_list_append(types, purple_status_type_new(PURPLE_STATUS_AVAILABLE, "available",
							    NULL, TRUE));
	types = g_list_append(types, purple_status_type_new_with_attrs(
		PURPLE_STATUS_AWAY, "away", NULL, TRUE, TRUE, FALSE, "message", "Message",
		purple_value_new(PURPLE_TYPE_STRING), NULL));
	types = g_list_append(types, purple_status_type_new(PURPLE_STATUS_OFFLINE, "offline",
							    NULL, TRUE));
	return types;
}

static void loopback_login(PurpleAccount *account)
{
	PurpleConnection *gc = purple_account_get_connection(account);

	gc->flags |= PURPLE_CONNECTION_AUTO_RESP;
	purple_connection_set_state(gc, PURPLE_CONNECTED);
}

static void loopback_close(PurpleConnection *gc)
{
	(void)gc;
}

static int loopback_send_im(PurpleConnection *gc, const char *who, const char *message,
			    PurpleMessageFlags flags)
{
	LoopbackDelivery *d = g_new0(LoopbackDelivery, 1);

	(void)flags;
	d->from = g_strdup(purple_account_get_username(purple_connection_get_account(gc)));
	d->to = g_strdup(who);
	d->text = g_strdup(message);
	g_queue_push_tail(&deliveries, d);
	g_string_append_printf(wire, "%s\n", message);
	if (g_utf8_strlen(message, -1) > (glong)max_sent)
		max_sent = (size_t)g_utf8_strlen(message, -1);
	return 1;
}

void loopback_set_mangling(gboolean on)
{
	mangling = on;
}

/* Escape, wrap and re-flow text as a hostile server or prpl might. */
static char *loopback_mangle(const char *text)
{
	GString *out = g_string_new("<font color=\"#ff0000\"><b>");
	char *escaped = g_markup_escape_text(text, -1);
	size_t i;

	for (i = 0; escaped[i] != '\0'; i++) {
		g_string_append_c(out, escaped[i]);
		if (i % 50 == 49)
			g_string_append(out, "<br>\n");
	}
	g_string_append(out, "</b></font>");
	g_free(escaped);
	return g_string_free(out, FALSE);
}

static void loopback_deliver(LoopbackDelivery *d)
{
	PurpleAccount *to = purple_accounts_find(d->to, LOOPBACK_PRPL_ID);
	PurpleConnection *gc = to != NULL ? purple_account_get_connection(to) : NULL;

	if (gc != NULL) {
		char *text = mangling ? loopback_mangle(d->text) : g_strdup(d->text);
		serv_got_im(gc, d->from, text, PURPLE_MESSAGE_RECV, time(NULL));
		g_free(text);
	}
	g_free(d->from);
	g_free(d->to);
	g_free(d->text);
	g_free(d);
}

void loopback_flush(void)
{
	int rounds;

	for (rounds = 0; rounds < 10000; rounds++) {
		LoopbackDelivery *d = g_queue_pop_head(&deliveries);
		while (g_main_context_iteration(NULL, FALSE))
			;
		if (d == NULL)
			return;
		loopback_deliver(d);
	}
}

char *loopback_wire(void)
{
	return g_strdup(wire->str);
}

size_t loopback_max_sent(void)
{
	return max_sent;
}

void loopback_reset_max_sent(void)
{
	max_sent = 0;
}

static PurplePluginProtocolInfo loopback_protocol = {
	.options = OPT_PROTO_NO_PASSWORD,
	.list_icon = loopback_list_icon,
	.status_types = loopback_status_types,
	.login = loopback_login,
	.close = loopback_close,
	.send_im = loopback_send_im,
	.struct_size = sizeof(PurplePluginProtocolInfo),
};

static PurplePluginInfo loopback_info = {
	.magic = PURPLE_PLUGIN_MAGIC,
	.major_version = PURPLE_MAJOR_VERSION,
	.minor_version = PURPLE_MINOR_VERSION,
	.type = PURPLE_PLUGIN_PROTOCOL,
	.priority = PURPLE_PRIORITY_DEFAULT,
	.id = LOOPBACK_PRPL_ID,
	.name = "Loopback",
	.version = "1",
	.extra_info = &loopback_protocol,
};

void loopback_prpl_register(void)
{
	PurplePlugin *plugin = purple_plugin_new(TRUE, NULL);

	wire = g_string_new(NULL);
	plugin->info = &loopback_info;
	purple_plugin_register(plugin);
}

PurpleAccount *loopback_account(const char *name)
{
	PurpleAccount *account = purple_account_new(name, LOOPBACK_PRPL_ID);

	purple_accounts_add(account);
	purple_account_set_enabled(account, "seal-plugin-test", TRUE);
	purple_account_connect(account);
	loopback_flush();
	return account;
}
