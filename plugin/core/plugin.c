/* core-seal: the plugin itself: registration, load/unload, prefs, i18n. */
#include <glib.h>
#include <glib/gi18n-lib.h>
#include <libintl.h>
#include <stdlib.h>

#include <debug.h>
#include <plugin.h>
#include <pluginpref.h>
#include <prefs.h>
#include <version.h>

#include "actions.h"
#include "autoreply.h"
#include "commands.h"
#include "core.h"
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "held.h"
#include "hooks.h"
#include "identities.h"
#include "ipc.h"
#include "messaging.h"
#include "peer.h"
#include "policy.h"
#include "receive.h"
#include "recording.h"
#include "seal-ipc.h"
#include "sizes.h"
#include "store.h"

static PurplePlugin *seal_plugin_handle;

PurplePlugin *seal_core_plugin(void)
{
	return seal_plugin_handle;
}

gint64 seal_core_now_us(void)
{
	return g_get_real_time();
}

static gboolean seal_plugin_load(PurplePlugin *plugin)
{
	int rc = seal_crypto_init();

	if (rc != SEAL_OK) {
		purple_debug_error("seal", "libgcrypt is unusable: %s\n", seal_strerror(rc));
		return FALSE;
	}
	seal_plugin_handle = plugin;
	seal_peers_init();
	seal_receive_init();
	seal_ipc_register(plugin);
	seal_hooks_connect(plugin);
	seal_commands_register();
	seal_recording_init(plugin);
	seal_held_init(plugin); /* may send: everything above is ready */
	purple_debug_info("seal", "core-seal loaded\n");
	return TRUE;
}

static gboolean seal_plugin_unload(PurplePlugin *plugin)
{
	seal_commands_unregister();
	seal_messaging_report_unsent();
	seal_recording_uninit(); /* disconnects its own signals first */
	seal_hooks_disconnect(plugin);
	seal_receive_uninit();
	seal_autoreply_restore_all();
	seal_peers_shutdown();
	seal_store_uninit();
	seal_identities_free_all();
	seal_ipc_unregister(plugin);
	seal_plugin_handle = NULL;
	purple_debug_info("seal", "core-seal unloaded\n");
	return TRUE;
}

static PurplePluginUiInfo seal_prefs_info = {
	seal_actions_pref_frame, 0, NULL, NULL, NULL, NULL, NULL,
};

static PurplePluginInfo seal_plugin_info = {
	PURPLE_PLUGIN_MAGIC,
	PURPLE_MAJOR_VERSION,
	PURPLE_MINOR_VERSION,
	PURPLE_PLUGIN_STANDARD,
	NULL, /* ui_requirement: any UI */
	0,
	NULL,
	PURPLE_PRIORITY_DEFAULT,
	SEAL_CORE_PLUGIN_ID,
	NULL, /* name, summary, description: translated in init */
	"0.1.0",
	NULL,
	NULL,
	"Seal",
	NULL,
	seal_plugin_load,
	seal_plugin_unload,
	NULL,
	NULL,
	NULL,
	&seal_prefs_info,
	seal_actions_list,
	NULL,
	NULL,
	NULL,
	NULL,
};

static void seal_plugin_bind_translations(void)
{
	const char *dir = getenv("SEAL_LOCALEDIR");

	bindtextdomain(GETTEXT_PACKAGE, (dir != NULL && *dir != '\0') ? dir : LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
}

static void seal_plugin_add_prefs(void)
{
	purple_prefs_add_none("/plugins/core");
	purple_prefs_add_none(SEAL_PREFS_ROOT);
	purple_prefs_add_string(SEAL_PREF_POLICY, "opportunistic");
	purple_prefs_add_bool(SEAL_PREF_SYNC_SESSIONS, FALSE);
	seal_sizes_add_prefs();
#ifdef SEAL_RECORDING_HAS_ADD_PREFS
	seal_recording_add_prefs();
#endif
}

static void seal_plugin_init(PurplePlugin *plugin)
{
	(void)plugin;
	seal_plugin_bind_translations();
	seal_plugin_info.name = _("Seal");
	seal_plugin_info.summary = _("Transparent end-to-end encryption and tamper-evident records "
				     "of your conversations.");
	seal_plugin_info.description =
		_("Seal encrypts every instant message to a contact who also runs Seal, with a "
		  "once-per-contact key exchange and a Double Ratchet, and keeps a local "
		  "tamper-evident record of your conversations. Contacts without Seal keep "
		  "chatting normally. Type /seal help in a conversation.");
	seal_plugin_add_prefs();
}

PURPLE_INIT_PLUGIN(core_seal, seal_plugin_init, seal_plugin_info)
