/* gtk-seal: Seal's Pidgin interface.  Shows each conversation's encryption
 * state in the conversation toolbar, offers verification and the key-change
 * warning, and the preferences page.  All logic lives in core-seal, reached
 * only through the signals and IPC commands of seal-ipc.h. */
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include <conversation.h>
#include <debug.h>
#include <plugin.h>
#include <version.h>

#include <gtkconv.h>
#include <gtkplugin.h>
#include <pidgin.h>

#include "conv-button.h"
#include "core-client.h"
#include "dialogs.h"
#include "prefs-frame.h"

/* ---- libpurple and core-seal signals ---- */

static gboolean conversation_is_with(PurpleConversation *conv, PurpleAccount *account,
				     const char *peer)
{
	char *normalized_peer;
	gboolean same;

	if (purple_conversation_get_type(conv) != PURPLE_CONV_TYPE_IM ||
	    purple_conversation_get_account(conv) != account)
		return FALSE;
	normalized_peer = g_strdup(purple_normalize(account, peer));
	same = g_strcmp0(normalized_peer,
			 purple_normalize(account, purple_conversation_get_name(conv))) == 0;
	g_free(normalized_peer);
	return same;
}

static void on_seal_state_changed(PurpleAccount *account, const char *peer, int state)
{
	GList *l;

	for (l = purple_get_conversations(); l != NULL; l = l->next)
		if (conversation_is_with(l->data, account, peer))
			seal_button_show_state(l->data, (seal_conv_state)state);
}

static void on_seal_key_changed(PurpleAccount *account, const char *peer)
{
	purple_debug_info("gtk-seal", "key of %s changed\n", peer);
	seal_dialog_key_changed(account, peer);
}

static void on_conversation_created(PurpleConversation *conv)
{
	/* hidden conversations have no UI yet: conversation-displayed follows */
	seal_button_attach(PIDGIN_CONVERSATION(conv));
}

static void on_conversation_displayed(PidginConversation *gtkconv)
{
	seal_button_attach(gtkconv);
}

static void on_conversation_switched(PurpleConversation *conv)
{
	seal_button_attach(PIDGIN_CONVERSATION(conv));
}

static void on_deleting_conversation(PurpleConversation *conv)
{
	seal_button_forget_conversation(conv);
}

static gboolean connect_core_signals(PurplePlugin *plugin, PurplePlugin *core)
{
	gulong state_id = purple_signal_connect(core, "seal-state-changed", plugin,
						PURPLE_CALLBACK(on_seal_state_changed), NULL);
	gulong key_id = purple_signal_connect(core, "seal-key-changed", plugin,
					      PURPLE_CALLBACK(on_seal_key_changed), NULL);

	if (state_id == 0 || key_id == 0) {
		purple_debug_error("gtk-seal", "core-seal does not offer its signals\n");
		return FALSE;
	}
	return TRUE;
}

static void connect_conversation_signals(PurplePlugin *plugin)
{
	void *conversations = purple_conversations_get_handle();
	void *gtk_conversations = pidgin_conversations_get_handle();

	purple_signal_connect(conversations, "conversation-created", plugin,
			      PURPLE_CALLBACK(on_conversation_created), NULL);
	purple_signal_connect(conversations, "deleting-conversation", plugin,
			      PURPLE_CALLBACK(on_deleting_conversation), NULL);
	purple_signal_connect(gtk_conversations, "conversation-displayed", plugin,
			      PURPLE_CALLBACK(on_conversation_displayed), NULL);
	purple_signal_connect(gtk_conversations, "conversation-switched", plugin,
			      PURPLE_CALLBACK(on_conversation_switched), NULL);
}

/* ---- plugin lifecycle ---- */

static gboolean plugin_load(PurplePlugin *plugin)
{
	PurplePlugin *core = seal_core_plugin();
	GList *l;

	if (core == NULL) {
		purple_debug_error("gtk-seal", "core-seal is not loaded\n");
		return FALSE;
	}
	if (!connect_core_signals(plugin, core))
		return FALSE;
	connect_conversation_signals(plugin);
	for (l = purple_get_conversations(); l != NULL; l = l->next)
		seal_button_attach(PIDGIN_CONVERSATION((PurpleConversation *)l->data));
	purple_debug_info("gtk-seal", "loaded\n");
	return TRUE;
}

static gboolean plugin_unload(PurplePlugin *plugin)
{
	(void)plugin;
	/* libpurple disconnects our signal handlers after this returns */
	seal_dialogs_close_all();
	seal_button_remove_all();
	purple_debug_info("gtk-seal", "unloaded\n");
	return TRUE;
}

static PidginPluginUiInfo ui_info = {
	seal_prefs_frame_new, 0, NULL, NULL, NULL, NULL
};

static PurplePluginInfo info = {
	PURPLE_PLUGIN_MAGIC,
	PURPLE_MAJOR_VERSION,
	PURPLE_MINOR_VERSION,
	PURPLE_PLUGIN_STANDARD,
	PIDGIN_PLUGIN_TYPE,
	0,
	NULL,                       /* dependencies: set in init */
	PURPLE_PRIORITY_DEFAULT,
	SEAL_GTK_PLUGIN_ID,
	NULL,                       /* name: translated in init */
	"0.1.0",
	NULL,                       /* summary: translated in init */
	NULL,                       /* description: translated in init */
	"Seal",
	NULL,
	plugin_load,
	plugin_unload,
	NULL,
	&ui_info,
	NULL,
	NULL,
	NULL,
	NULL, NULL, NULL, NULL
};

static void init_plugin(PurplePlugin *plugin)
{
	const char *localedir = getenv("SEAL_LOCALEDIR");

	(void)plugin;
	bindtextdomain(GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	info.name = _("Seal (Pidgin interface)");
	info.summary = _("Shows Seal's encryption state in every conversation window.");
	info.description = _("Adds a Seal button to the conversation toolbar that shows whether "
			     "the conversation is encrypted and verified, a dialog to verify a "
			     "contact by comparing fingerprints, a warning when a contact's key "
			     "changes, and Seal's preferences. Needs the Seal core plugin.");
	info.dependencies = g_list_append(info.dependencies, (gpointer)SEAL_CORE_PLUGIN_ID);
}

PURPLE_INIT_PLUGIN(gtk_seal, init_plugin, info)
