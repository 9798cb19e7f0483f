/* core-seal: plugin actions and the preference frame. */
#include "actions.h"

#include "i18n.h"
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

/* One contact of the "Known contacts" list. */
typedef struct {
	PurpleAccount *account;
	char *peer;
} ActionsContact;

typedef struct {
	PurplePlugin *plugin;
	GPtrArray *contacts; /* ActionsContact * */
	ActionsContact *chosen;
} ActionsContactList;

static void actions_contact_list_free(ActionsContactList *list)
{
	guint i;

	for (i = 0; i < list->contacts->len; i++) {
		ActionsContact *c = g_ptr_array_index(list->contacts, i);
		g_free(c->peer);
		g_free(c);
	}
	g_ptr_array_free(list->contacts, TRUE);
	g_free(list);
}

static gboolean actions_account_exists(PurpleAccount *account)
{
	return g_list_find(purple_accounts_get_all(), account) != NULL;
}

static void actions_contact_verify(ActionsContactList *list, int choice)
{
	(void)choice;
	if (actions_account_exists(list->chosen->account))
		(void)seal_control_verify(list->chosen->account, list->chosen->peer);
	actions_contact_list_free(list);
}

static void actions_contact_forget(ActionsContactList *list, int choice)
{
	(void)choice;
	if (actions_account_exists(list->chosen->account))
		(void)seal_control_forget(list->chosen->account, list->chosen->peer);
	actions_contact_list_free(list);
}

static void actions_contact_close(ActionsContactList *list, int choice)
{
	(void)choice;
	actions_contact_list_free(list);
}

/* Forgetting cannot be undone (a verified contact becomes a stranger):
 * ask once more, Close being the default. */
static void actions_contact_confirm_forget(ActionsContactList *list, int choice)
{
	const char *peer = list->chosen->peer;
	char *text = g_strdup_printf(_("Forget the Seal key and session of %s? The next encrypted "
				       "session will trust whatever key %s then uses, as at the "
				       "first contact; a verified contact will have to be "
				       "verified again."),
				     peer, peer);

	(void)choice;
	if (purple_request_action(list->plugin, _("Seal"), peer, text, 0, list->chosen->account,
				  peer, NULL, list, 2, _("Close"),
				  PURPLE_CALLBACK(actions_contact_close),
				  _("Forget key and session"),
				  PURPLE_CALLBACK(actions_contact_forget)) == NULL)
		actions_contact_list_free(list); /* no request UI */
	g_free(text);
}

/* A contact was picked: offer to verify or forget it. */
static void actions_contact_picked(ActionsContactList *list, PurpleRequestFields *fields)
{
	PurpleRequestField *field = purple_request_fields_get_field(fields, "contact");
	GList *selected = field != NULL ? purple_request_field_list_get_selected(field) : NULL;
	char *fp;
	char *text;

	if (selected == NULL) {
		actions_contact_list_free(list);
		return;
	}
	list->chosen = purple_request_field_list_get_data(field, selected->data);
	fp = seal_control_peer_fingerprint(list->chosen->account, list->chosen->peer);
	text = g_strdup_printf(_("Fingerprint of %s: %s\nMark it verified only after comparing it "
				 "with %s in person or by phone."),
			       list->chosen->peer, fp ? fp : "?", list->chosen->peer);
	if (purple_request_action(list->plugin, _("Seal"), list->chosen->peer, text, 2,
				  list->chosen->account, list->chosen->peer, NULL, list, 3,
				  _("Mark verified"), PURPLE_CALLBACK(actions_contact_verify),
				  _("Forget key and session"),
				  PURPLE_CALLBACK(actions_contact_confirm_forget), _("Close"),
				  PURPLE_CALLBACK(actions_contact_close)) == NULL)
		actions_contact_list_free(list); /* no request UI */
	g_free(text);
	g_free(fp);
}

static void actions_contact_cancelled(ActionsContactList *list, PurpleRequestFields *fields)
{
	(void)fields;
	actions_contact_list_free(list);
}

/* The list field of every contact with a Seal key, on every active account. */
static PurpleRequestField *actions_contact_field(ActionsContactList *list)
{
	PurpleRequestField *field = purple_request_field_list_new("contact", _("Contacts"));
	GList *accounts;

	purple_request_field_list_set_multi_select(field, FALSE);
	for (accounts = purple_accounts_get_all_active(); accounts != NULL;
	     accounts = g_list_delete_link(accounts, accounts)) {
		GList *contacts = seal_control_list_contacts(accounts->data);
		GList *l;
		for (l = contacts; l != NULL; l = l->next) {
			char **parts = g_strsplit(l->data, "\t", 2);
			ActionsContact *c = g_new0(ActionsContact, 1);
			char *label = g_strdup_printf("%s (%s) — %s", parts[0],
						      purple_account_get_username(accounts->data),
						      parts[1] ? parts[1] : "");
			c->account = accounts->data;
			c->peer = g_strdup(parts[0]);
			g_ptr_array_add(list->contacts, c);
			purple_request_field_list_add_icon(field, label, NULL, c);
			g_free(label);
			g_strfreev(parts);
		}
		g_list_free_full(contacts, g_free);
	}
	return field;
}

static void actions_known_contacts(PurplePluginAction *action)
{
	ActionsContactList *list = g_new0(ActionsContactList, 1);
	PurpleRequestFields *fields = purple_request_fields_new();
	PurpleRequestFieldGroup *group = purple_request_field_group_new(NULL);

	list->plugin = action->plugin;
	list->contacts = g_ptr_array_new();
	purple_request_field_group_add_field(group, actions_contact_field(list));
	purple_request_fields_add_group(fields, group);
	if (list->contacts->len == 0) {
		purple_request_fields_destroy(fields);
		actions_contact_list_free(list);
		purple_notify_message(action->plugin, PURPLE_NOTIFY_MSG_INFO, _("Seal"),
				      _("Known contacts"), _("No contact has a Seal key yet."),
				      NULL, NULL);
		return;
	}
	if (purple_request_fields(action->plugin, _("Seal"), _("Known contacts"),
				  _("Trust: unverified = pinned at first use, verified = "
				    "fingerprints compared, changed = a new key not accepted yet."),
				  fields, _("Choose"), G_CALLBACK(actions_contact_picked), _("Close"),
				  G_CALLBACK(actions_contact_cancelled), NULL, NULL, NULL,
				  list) == NULL) {
		/* no request UI: nothing will ever call back */
		purple_request_fields_destroy(fields);
		actions_contact_list_free(list);
	}
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
