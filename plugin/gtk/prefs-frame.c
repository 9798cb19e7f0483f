/* The preferences page: encryption policy (default and per account),
 * recording, and per-network message size overrides.  The prefs are created
 * by core-seal; a setting it has not created is shown greyed out. */
#include "prefs-frame.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <account.h>
#include <gtkutils.h>
#include <prefs.h>
#include <prpl.h>

#include "seal-ipc.h"

#define POLICY_PREF SEAL_PREFS_ROOT "/policy"
#define RECORDS_ENABLED_PREF SEAL_PREFS_ROOT "/records/enabled"
#define RETENTION_PREF SEAL_PREFS_ROOT "/records/retention_days"
#define NOTICE_PREF SEAL_PREFS_ROOT "/records/notice_text"
#define SIZE_PREFS SEAL_PREFS_ROOT "/max_message_size"
#define ACCOUNT_POLICY_SETTING "seal-policy"
#define ACCOUNT_RECORD_SETTING "seal-record" /* bool, default TRUE */

static const char *const policy_values[] = { "always", "opportunistic", "never" };

/* Pidgin shows the page in a 400-pixel-wide scrolled area: wrap long text. */
#define WRAP_WIDTH 320

static GtkWidget *hint_label(const char *text)
{
	GtkWidget *label = gtk_label_new(text);

	gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
	gtk_widget_set_size_request(label, WRAP_WIDTH, -1);
	gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
	return label;
}

static void mark_unavailable(GtkWidget *widget)
{
	gtk_widget_set_sensitive(widget, FALSE);
	gtk_widget_set_tooltip_text(widget, _("Not available: the Seal core plugin has not "
					      "created this setting."));
}

/* Keeps a combo narrow enough for the page: long choices are ellipsized. */
static void fit_combo(GtkWidget *combo)
{
	GList *cells = gtk_cell_layout_get_cells(GTK_CELL_LAYOUT(combo)), *l;

	for (l = cells; l != NULL; l = l->next)
		if (GTK_IS_CELL_RENDERER_TEXT(l->data))
			g_object_set(l->data, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
	g_list_free(cells);
	gtk_widget_set_size_request(combo, 190, -1);
}

/* A combo of the three policies, optionally preceded by "Use the default". */
static GtkWidget *policy_combo_new(gboolean with_default, const char *current)
{
	GtkWidget *combo = gtk_combo_box_text_new();
	size_t i;
	int active = 0;

	if (with_default)
		gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo), _("Use the default"));
	gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo), _("Always encrypt"));
	gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo), _("Encrypt when possible"));
	gtk_combo_box_text_append_text(GTK_COMBO_BOX_TEXT(combo), _("Never encrypt"));
	for (i = 0; i < G_N_ELEMENTS(policy_values); i++)
		if (g_strcmp0(current, policy_values[i]) == 0)
			active = (int)i + (with_default ? 1 : 0);
	if (!with_default && current == NULL)
		active = 1; /* opportunistic */
	gtk_combo_box_set_active(GTK_COMBO_BOX(combo), active);
	fit_combo(combo);
	return combo;
}

/* The policy chosen in a combo, NULL for "Use the default". */
static const char *chosen_policy(GtkComboBox *combo, gboolean with_default)
{
	int index = gtk_combo_box_get_active(combo) - (with_default ? 1 : 0);

	if (index < 0 || index >= (int)G_N_ELEMENTS(policy_values))
		return NULL;
	return policy_values[index];
}

static void on_default_policy_changed(GtkComboBox *combo, gpointer unused)
{
	const char *policy = chosen_policy(combo, FALSE);

	(void)unused;
	if (policy != NULL)
		purple_prefs_set_string(POLICY_PREF, policy);
}

static void on_account_policy_changed(GtkComboBox *combo, PurpleAccount *account)
{
	const char *policy = chosen_policy(combo, TRUE);

	if (g_list_find(purple_accounts_get_all(), account) == NULL)
		return;
	if (policy == NULL)
		purple_account_remove_setting(account, ACCOUNT_POLICY_SETTING);
	else
		purple_account_set_string(account, ACCOUNT_POLICY_SETTING, policy);
}

static void add_default_policy(GtkWidget *vbox, GtkSizeGroup *labels)
{
	gboolean exists = purple_prefs_exists(POLICY_PREF);
	GtkWidget *combo = policy_combo_new(FALSE, exists ? purple_prefs_get_string(POLICY_PREF) : NULL);

	if (exists)
		g_signal_connect(combo, "changed", G_CALLBACK(on_default_policy_changed), NULL);
	else
		mark_unavailable(combo);
	pidgin_add_widget_to_vbox(GTK_BOX(vbox), _("_Default policy:"), labels, combo, FALSE, NULL);
}

/* "user (Protocol):", with underscores doubled so they are not mnemonics. */
static char *account_label(PurpleAccount *account)
{
	char *text = g_strdup_printf("%s (%s):", purple_account_get_username(account),
				     purple_account_get_protocol_name(account));
	char **parts = g_strsplit(text, "_", -1);
	char *label = g_strjoinv("__", parts);

	g_strfreev(parts);
	g_free(text);
	return label;
}

static void add_account_policies(GtkWidget *vbox, GtkSizeGroup *labels)
{
	GList *l;

	for (l = purple_accounts_get_all(); l != NULL; l = l->next) {
		PurpleAccount *account = l->data;
		const char *current = purple_account_get_string(account, ACCOUNT_POLICY_SETTING, NULL);
		GtkWidget *combo = policy_combo_new(TRUE, current);
		char *label = account_label(account);
		GtkWidget *label_widget = NULL;

		g_signal_connect(combo, "changed", G_CALLBACK(on_account_policy_changed), account);
		pidgin_add_widget_to_vbox(GTK_BOX(vbox), label, labels, combo, FALSE, &label_widget);
		if (label_widget != NULL) {
			gtk_label_set_ellipsize(GTK_LABEL(label_widget), PANGO_ELLIPSIZE_MIDDLE);
			gtk_label_set_max_width_chars(GTK_LABEL(label_widget), 14);
			gtk_widget_set_tooltip_text(label_widget, purple_account_get_username(account));
		}
		g_free(label);
	}
}

static void add_policy_section(GtkWidget *page, GtkSizeGroup *labels)
{
	GtkWidget *vbox = pidgin_make_frame(page, _("Encryption"));
	GtkWidget *hint = hint_label(_("\"Encrypt when possible\" encrypts with every contact "
				       "who also uses Seal. \"Always encrypt\" never sends a "
				       "message unencrypted."));

	gtk_box_pack_start(GTK_BOX(vbox), hint, FALSE, FALSE, 0);
	add_default_policy(vbox, labels);
	add_account_policies(vbox, labels);
}

/* ---- recording ---- */

static void on_toggle_bool_pref(GtkToggleButton *toggle, const char *pref)
{
	purple_prefs_set_bool(pref, gtk_toggle_button_get_active(toggle));
}

static void on_spin_int_pref(GtkSpinButton *spin, const char *pref)
{
	purple_prefs_set_int(pref, gtk_spin_button_get_value_as_int(spin));
}

static void on_entry_string_pref(GtkEntry *entry, const char *pref)
{
	purple_prefs_set_string(pref, gtk_entry_get_text(entry));
}

static void add_recording_toggle(GtkWidget *vbox)
{
	GtkWidget *check = gtk_check_button_new_with_mnemonic(
		_("_Keep a tamper-evident record of every conversation"));
	GtkWidget *check_label = gtk_bin_get_child(GTK_BIN(check));

	gtk_label_set_line_wrap(GTK_LABEL(check_label), TRUE);
	gtk_widget_set_size_request(check_label, WRAP_WIDTH - 30, -1);

	if (purple_prefs_exists(RECORDS_ENABLED_PREF)) {
		gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(check),
					     purple_prefs_get_bool(RECORDS_ENABLED_PREF));
		g_signal_connect(check, "toggled", G_CALLBACK(on_toggle_bool_pref),
				 (gpointer)RECORDS_ENABLED_PREF);
	} else {
		mark_unavailable(check);
	}
	gtk_box_pack_start(GTK_BOX(vbox), check, FALSE, FALSE, 0);
}

static void add_retention(GtkWidget *vbox, GtkSizeGroup *labels)
{
	GtkWidget *spin = gtk_spin_button_new_with_range(0, 36500, 1);

	if (purple_prefs_exists(RETENTION_PREF)) {
		gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), purple_prefs_get_int(RETENTION_PREF));
		g_signal_connect(spin, "value-changed", G_CALLBACK(on_spin_int_pref),
				 (gpointer)RETENTION_PREF);
	} else {
		mark_unavailable(spin);
	}
	pidgin_add_widget_to_vbox(GTK_BOX(vbox), _("Keep records for (days, 0 = forever):"), labels,
				  spin, FALSE, NULL);
}

/* The notice gets the full width: a label, then the entry under it. */
static void add_notice_text(GtkWidget *vbox)
{
	GtkWidget *label = gtk_label_new_with_mnemonic(_("Recording _notice:"));
	GtkWidget *entry = gtk_entry_new();

	if (purple_prefs_exists(NOTICE_PREF)) {
		gtk_entry_set_text(GTK_ENTRY(entry), purple_prefs_get_string(NOTICE_PREF) ?: "");
		g_signal_connect(entry, "changed", G_CALLBACK(on_entry_string_pref), (gpointer)NOTICE_PREF);
	} else {
		mark_unavailable(entry);
	}
	gtk_widget_set_tooltip_text(entry, _("Optional. Shown to your contact when a recorded "
					     "conversation starts. Leave empty for no notice."));
	gtk_label_set_mnemonic_widget(GTK_LABEL(label), entry);
	gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
	gtk_box_pack_start(GTK_BOX(vbox), label, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(vbox), entry, FALSE, FALSE, 0);
}

static void on_account_record_toggled(GtkToggleButton *toggle, PurpleAccount *account)
{
	if (g_list_find(purple_accounts_get_all(), account) != NULL)
		purple_account_set_bool(account, ACCOUNT_RECORD_SETTING,
					gtk_toggle_button_get_active(toggle));
}

/* One check box per account: recording can be switched off per account. */
static void add_account_recording(GtkWidget *vbox)
{
	GList *l;

	gtk_box_pack_start(GTK_BOX(vbox), hint_label(_("Record the conversations of these accounts:")),
			   FALSE, FALSE, 0);
	for (l = purple_accounts_get_all(); l != NULL; l = l->next) {
		PurpleAccount *account = l->data;
		char *text = g_strdup_printf("%s (%s)", purple_account_get_username(account),
					     purple_account_get_protocol_name(account));
		GtkWidget *check = gtk_check_button_new_with_label(text);
		GtkWidget *check_label = gtk_bin_get_child(GTK_BIN(check));

		gtk_label_set_ellipsize(GTK_LABEL(check_label), PANGO_ELLIPSIZE_MIDDLE);
		gtk_misc_set_alignment(GTK_MISC(check_label), 0.0, 0.5);
		gtk_widget_set_size_request(check_label, WRAP_WIDTH - 30, -1);
		gtk_toggle_button_set_active(GTK_TOGGLE_BUTTON(check),
					     purple_account_get_bool(account, ACCOUNT_RECORD_SETTING, TRUE));
		g_signal_connect(check, "toggled", G_CALLBACK(on_account_record_toggled), account);
		gtk_box_pack_start(GTK_BOX(vbox), check, FALSE, FALSE, 0);
		g_free(text);
	}
}

static void add_records_section(GtkWidget *page, GtkSizeGroup *labels)
{
	GtkWidget *vbox = pidgin_make_frame(page, _("Records"));

	add_recording_toggle(vbox);
	add_account_recording(vbox);
	add_retention(vbox, labels);
	add_notice_text(vbox);
}

/* ---- network message sizes ---- */

/* Protocol ids to offer: those of the user's accounts and those already set. */
static GList *size_protocol_ids(void)
{
	GList *ids = NULL, *l, *children;

	for (l = purple_accounts_get_all(); l != NULL; l = l->next) {
		const char *id = purple_account_get_protocol_id(l->data);

		if (id != NULL && g_list_find_custom(ids, id, (GCompareFunc)strcmp) == NULL)
			ids = g_list_append(ids, g_strdup(id));
	}
	children = purple_prefs_exists(SIZE_PREFS) ? purple_prefs_get_children_names(SIZE_PREFS) : NULL;
	for (l = children; l != NULL; l = l->next) {
		const char *id = strrchr(l->data, '/') ? strrchr(l->data, '/') + 1 : l->data;

		if (g_list_find_custom(ids, id, (GCompareFunc)strcmp) == NULL)
			ids = g_list_append(ids, g_strdup(id));
	}
	g_list_free_full(children, g_free);
	return ids;
}

static void on_size_changed(GtkSpinButton *spin, gpointer unused)
{
	const char *pref = g_object_get_data(G_OBJECT(spin), "seal-pref");
	int value = gtk_spin_button_get_value_as_int(spin);

	(void)unused;
	if (!purple_prefs_exists(SIZE_PREFS))
		purple_prefs_add_none(SIZE_PREFS);
	if (!purple_prefs_exists(pref))
		purple_prefs_add_int(pref, value);
	purple_prefs_set_int(pref, value);
}

static void add_size_row(GtkWidget *vbox, GtkSizeGroup *labels, const char *protocol_id)
{
	PurplePlugin *prpl = purple_find_prpl(protocol_id);
	const char *name = prpl && prpl->info && prpl->info->name ? prpl->info->name : protocol_id;
	char *pref = g_strdup_printf("%s/%s", SIZE_PREFS, protocol_id);
	GtkWidget *spin = gtk_spin_button_new_with_range(0, 1000000, 1);
	char *label = g_strdup_printf("%s:", name);

	if (purple_prefs_exists(pref))
		gtk_spin_button_set_value(GTK_SPIN_BUTTON(spin), purple_prefs_get_int(pref));
	g_object_set_data_full(G_OBJECT(spin), "seal-pref", pref, g_free);
	g_signal_connect(spin, "value-changed", G_CALLBACK(on_size_changed), NULL);
	pidgin_add_widget_to_vbox(GTK_BOX(vbox), label, labels, spin, FALSE, NULL);
	g_free(label);
}

static void add_size_section(GtkWidget *page, GtkSizeGroup *labels)
{
	GtkWidget *vbox = pidgin_make_frame(page, _("Network message size"));
	GtkWidget *hint = hint_label(_("The largest message each network accepts, in characters. "
				       "Longer encrypted messages are split. 0 uses Seal's "
				       "built-in value."));
	GList *ids = size_protocol_ids(), *l;

	gtk_box_pack_start(GTK_BOX(vbox), hint, FALSE, FALSE, 0);
	for (l = ids; l != NULL; l = l->next)
		add_size_row(vbox, labels, l->data);
	g_list_free_full(ids, g_free);
}

GtkWidget *seal_prefs_frame_new(PurplePlugin *plugin)
{
	GtkWidget *page = gtk_vbox_new(FALSE, 12);
	GtkSizeGroup *policy_labels = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);
	GtkSizeGroup *record_labels = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);
	GtkSizeGroup *size_labels = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);

	(void)plugin;
	gtk_container_set_border_width(GTK_CONTAINER(page), 6);
	add_policy_section(page, policy_labels);
	add_records_section(page, record_labels);
	add_size_section(page, size_labels);
	g_object_unref(policy_labels);
	g_object_unref(record_labels);
	g_object_unref(size_labels);
	gtk_widget_show_all(page);
	return page;
}
