/* core-seal: plugin actions and the preference frame. */
#include "actions.h"

#include <glib/gi18n-lib.h>
#include <account.h>
#include <notify.h>
#include <request.h>

#include "control.h"
#include "policy.h"
#include "recording.h"

int seal_actions_export_records(const char *csv_path)
{
#ifdef SEAL_RECORDING_HAS_EXPORT_CSV
	return csv_path != NULL ? seal_recording_export_csv(csv_path) : -1;
#else
	(void)csv_path;
	return -1;
#endif
}

char *seal_actions_verify_records(void)
{
#ifdef SEAL_RECORDING_HAS_VERIFY_TEXT
	return seal_recording_verify_text();
#else
	return g_strdup(_("The record store is not available in this build."));
#endif
}

static void actions_show_fingerprints(PurplePluginAction *action)
{
	GString *text = g_string_new(NULL);
	GList *l;

	for (l = purple_accounts_get_all_active(); l != NULL; l = g_list_delete_link(l, l)) {
		PurpleAccount *account = l->data;
		char *fp = seal_control_own_fingerprint(account, TRUE);
		g_string_append_printf(text, "%s (%s): %s\n", purple_account_get_username(account),
				       purple_account_get_protocol_name(account), fp ? fp : "?");
		g_free(fp);
	}
	if (text->len == 0)
		g_string_append(text, _("No account is enabled."));
	purple_notify_message(action->plugin, PURPLE_NOTIFY_MSG_INFO, _("Seal"),
			      _("Your fingerprints"), text->str, NULL, NULL);
	g_string_free(text, TRUE);
}

static void actions_known_contacts(PurplePluginAction *action)
{
	GString *text = g_string_new(NULL);
	GList *accounts;

	for (accounts = purple_accounts_get_all_active(); accounts != NULL;
	     accounts = g_list_delete_link(accounts, accounts)) {
		GList *contacts = seal_control_list_contacts(accounts->data);
		GList *l;
		for (l = contacts; l != NULL; l = l->next) {
			char **parts = g_strsplit(l->data, "\t", 2);
			char *fp = seal_control_peer_fingerprint(accounts->data, parts[0]);
			g_string_append_printf(text, "%s — %s — %s\n", parts[0],
					       parts[1] ? parts[1] : "", fp ? fp : "");
			g_free(fp);
			g_strfreev(parts);
		}
		g_list_free_full(contacts, g_free);
	}
	if (text->len == 0)
		g_string_append(text, _("No contact has a Seal key yet."));
	g_string_append(text, _("\nIn a conversation, /seal verify marks the contact verified."));
	purple_notify_message(action->plugin, PURPLE_NOTIFY_MSG_INFO, _("Seal"),
			      _("Known contacts"), text->str, NULL, NULL);
	g_string_free(text, TRUE);
}

static void actions_export_chosen(void *data, const char *path)
{
	PurplePlugin *plugin = data;
	int written = seal_actions_export_records(path);
	char *text;

	if (written < 0)
		text = g_strdup(_("The records could not be exported."));
	else
		text = g_strdup_printf(ngettext("%d record written to %s.",
						"%d records written to %s.", written),
				       written, path);
	purple_notify_message(plugin, written < 0 ? PURPLE_NOTIFY_MSG_ERROR : PURPLE_NOTIFY_MSG_INFO,
			      _("Seal"), _("Export records"), text, NULL, NULL);
	g_free(text);
}

static void actions_export_records(PurplePluginAction *action)
{
	purple_request_file(action->plugin, _("Export records to CSV"), "seal-records.csv", TRUE,
			    G_CALLBACK(actions_export_chosen), NULL, NULL, NULL, NULL,
			    action->plugin);
}

static void actions_verify_records(PurplePluginAction *action)
{
	char *text = seal_actions_verify_records();

	purple_notify_message(action->plugin, PURPLE_NOTIFY_MSG_INFO, _("Seal"),
			      _("Verify records"), text, NULL, NULL);
	g_free(text);
}

GList *seal_actions_list(PurplePlugin *plugin, gpointer context)
{
	GList *actions = NULL;

	(void)plugin;
	(void)context;
	actions = g_list_append(actions, purple_plugin_action_new(_("Show my fingerprints"),
								   actions_show_fingerprints));
	actions = g_list_append(actions, purple_plugin_action_new(_("Known contacts"),
								   actions_known_contacts));
	actions = g_list_append(actions, purple_plugin_action_new(_("Export records to CSV…"),
								   actions_export_records));
	actions = g_list_append(actions, purple_plugin_action_new(_("Verify records"),
								   actions_verify_records));
	return actions;
}

PurplePluginPrefFrame *seal_actions_pref_frame(PurplePlugin *plugin)
{
	PurplePluginPrefFrame *frame = purple_plugin_pref_frame_new();
	PurplePluginPref *pref;

	(void)plugin;
	pref = purple_plugin_pref_new_with_name_and_label(SEAL_PREF_POLICY,
							  _("Encrypt conversations"));
	purple_plugin_pref_set_type(pref, PURPLE_PLUGIN_PREF_CHOICE);
	purple_plugin_pref_add_choice(pref, _("Always (never send plaintext)"), (gpointer) "always");
	purple_plugin_pref_add_choice(pref, _("When the contact has Seal (recommended)"),
				      (gpointer) "opportunistic");
	purple_plugin_pref_add_choice(pref, _("Never"), (gpointer) "never");
	purple_plugin_pref_frame_add(frame, pref);
	return frame;
}
