/* Seal's dialogs.  Each dialog keeps (account, peer) rather than a
 * conversation, so it stays valid when the conversation window closes; at
 * most one dialog of each kind is open per contact. */
#include "dialogs.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include <blist.h>
#include <conversation.h>
#include <gtkconv.h>
#include <gtkconvwin.h>
#include <debug.h>
#include <notify.h>

#include "core-client.h"

/* "kind\naccount\npeer" -> GtkWidget dialog */
static GHashTable *open_dialogs;

typedef struct {
	PurpleAccount *account;
	char *peer;
	char *key;
} dialog_target;

static void dialog_target_free(gpointer data)
{
	dialog_target *target = data;

	g_free(target->peer);
	g_free(target->key);
	g_free(target);
}

static gboolean account_still_exists(PurpleAccount *account)
{
	return g_list_find(purple_accounts_get_all(), account) != NULL;
}

/* The screen name without what the protocol ignores (e.g. an XMPP resource). */
static char *normalized_name(PurpleAccount *account, const char *name)
{
	const char *normalized = purple_normalize(account, name);

	return g_strdup(normalized != NULL ? normalized : name);
}

/* "Bob (bob@example.org)" or just the screen name. */
static char *contact_display_name(PurpleAccount *account, const char *peer)
{
	PurpleBuddy *buddy = purple_find_buddy(account, peer);
	const char *alias = buddy ? purple_buddy_get_contact_alias(buddy) : NULL;
	char *name = normalized_name(account, peer);
	char *display;

	if (alias == NULL || g_strcmp0(alias, name) == 0)
		return name;
	display = g_strdup_printf("%s (%s)", alias, name);
	g_free(name);
	return display;
}

/* Presents an already open dialog of this kind and returns TRUE, if any. */
static gboolean present_open_dialog(const char *kind, PurpleAccount *account, const char *peer,
				    char **key_out)
{
	char *peer_name = normalized_name(account, peer);
	GtkWidget *dialog;

	*key_out = g_strdup_printf("%s\n%s\n%s", kind, purple_account_get_username(account), peer_name);
	g_free(peer_name);
	if (open_dialogs == NULL)
		open_dialogs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	dialog = g_hash_table_lookup(open_dialogs, *key_out);
	if (dialog == NULL)
		return FALSE;
	gtk_window_present(GTK_WINDOW(dialog));
	g_free(*key_out);
	*key_out = NULL;
	return TRUE;
}

static void on_dialog_destroyed(GtkWidget *dialog, dialog_target *target)
{
	(void)dialog;
	if (open_dialogs != NULL)
		g_hash_table_remove(open_dialogs, target->key);
}

/* Registers dialog under key and ties a dialog_target to its lifetime. */
static dialog_target *track_dialog(GtkWidget *dialog, char *key, PurpleAccount *account,
				   const char *peer)
{
	dialog_target *target = g_new0(dialog_target, 1);

	target->account = account;
	target->peer = g_strdup(peer);
	target->key = key;
	g_hash_table_insert(open_dialogs, g_strdup(key), dialog);
	g_object_set_data_full(G_OBJECT(dialog), "seal-target", target, dialog_target_free);
	g_signal_connect(dialog, "destroy", G_CALLBACK(on_dialog_destroyed), target);
	return target;
}

static GtkWidget *wrapped_label(const char *text)
{
	GtkWidget *label = gtk_label_new(text);

	gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
	gtk_label_set_width_chars(GTK_LABEL(label), 52);
	gtk_misc_set_alignment(GTK_MISC(label), 0.0, 0.5);
	return label;
}

/* A titled frame holding one fingerprint in large monospace, selectable. */
static GtkWidget *fingerprint_frame(const char *title, const char *fingerprint)
{
	GtkWidget *frame = gtk_frame_new(title);
	GtkWidget *value = gtk_label_new(NULL);
	char *markup;

	if (fingerprint != NULL)
		markup = g_markup_printf_escaped("<span font_family=\"monospace\" size=\"large\" "
						 "weight=\"bold\">%s</span>", fingerprint);
	else
		markup = g_markup_printf_escaped("<i>%s</i>",
						 _("Not known yet: start encryption with this contact first."));
	gtk_label_set_markup(GTK_LABEL(value), markup);
	gtk_label_set_selectable(GTK_LABEL(value), TRUE);
	gtk_misc_set_padding(GTK_MISC(value), 8, 6);
	gtk_container_add(GTK_CONTAINER(frame), value);
	g_free(markup);
	return frame;
}

/* Adds both fingerprint frames to box; returns whether the peer's is known. */
static gboolean add_fingerprints(GtkWidget *box, PurpleAccount *account, const char *peer,
				 const char *peer_name)
{
	char *own = seal_core_own_fingerprint(account);
	char *theirs = seal_core_peer_fingerprint(account, peer);
	char *own_name = normalized_name(account, purple_account_get_username(account));
	char *own_title = g_strdup_printf(_("Your fingerprint (%s)"), own_name);
	char *their_title = g_strdup_printf(_("Fingerprint of %s"), peer_name);
	gboolean known = theirs != NULL;

	gtk_box_pack_start(GTK_BOX(box), fingerprint_frame(own_title, own), FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), fingerprint_frame(their_title, theirs), FALSE, FALSE, 0);
	g_free(own_name);
	g_free(own_title);
	g_free(their_title);
	g_free(own);
	g_free(theirs);
	return known;
}

/* Keeps dialog above the conversation window with peer, if one is open. */
static void place_over_conversation(GtkWidget *dialog, PurpleAccount *account, const char *peer)
{
	PurpleConversation *conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, peer,
									    account);
	PidginConversation *gtkconv = conv != NULL ? PIDGIN_CONVERSATION(conv) : NULL;
	PidginWindow *window = gtkconv != NULL ? pidgin_conv_get_window(gtkconv) : NULL;

	if (window == NULL || window->window == NULL)
		return;
	gtk_window_set_transient_for(GTK_WINDOW(dialog), GTK_WINDOW(window->window));
	gtk_window_set_position(GTK_WINDOW(dialog), GTK_WIN_POS_CENTER_ON_PARENT);
}

static GtkWidget *new_dialog(const char *title)
{
	GtkWidget *dialog = gtk_dialog_new();

	gtk_window_set_title(GTK_WINDOW(dialog), title);
	gtk_window_set_role(GTK_WINDOW(dialog), "seal_dialog");
	gtk_container_set_border_width(GTK_CONTAINER(dialog), 6);
	gtk_box_set_spacing(GTK_BOX(GTK_DIALOG(dialog)->vbox), 10);
	return dialog;
}

/* ---- verification ---- */

static void on_verify_response(GtkWidget *dialog, gint response, dialog_target *target)
{
	if (response == GTK_RESPONSE_ACCEPT && account_still_exists(target->account)) {
		if (seal_core_verify(target->account, target->peer))
			purple_debug_info("gtk-seal", "verified %s\n", target->peer);
		else
			purple_notify_error(NULL, _("Seal"), _("The contact could not be marked as verified."),
					    _("Start encryption with this contact and try again."));
	}
	gtk_widget_destroy(dialog);
}

void seal_dialog_verify(PurpleAccount *account, const char *peer)
{
	char *key, *name, *title, *intro;
	GtkWidget *dialog, *box, *match;
	dialog_target *target;
	gboolean known;

	if (present_open_dialog("verify", account, peer, &key))
		return;
	name = contact_display_name(account, peer);
	title = g_strdup_printf(_("Verify %s"), name);
	dialog = new_dialog(title);
	box = GTK_DIALOG(dialog)->vbox;
	intro = g_strdup_printf(_("Make sure you are really talking to %s. Compare the two "
				  "fingerprints below with your contact over another channel: read "
				  "them out on the phone, or compare them in person. Do not compare "
				  "them in this chat: someone intercepting it could fake the answer."),
				name);
	gtk_box_pack_start(GTK_BOX(box), wrapped_label(intro), FALSE, FALSE, 0);
	known = add_fingerprints(box, account, peer, name);
	gtk_box_pack_start(GTK_BOX(box),
			   wrapped_label(_("Your contact sees the same two fingerprints. If every group "
					   "matches, mark the contact as verified. If anything differs, "
					   "do not: end encryption and ask your contact what changed.")),
			   FALSE, FALSE, 0);
	gtk_dialog_add_button(GTK_DIALOG(dialog), GTK_STOCK_CANCEL, GTK_RESPONSE_CANCEL);
	match = gtk_dialog_add_button(GTK_DIALOG(dialog), _("They match — mark as verified"),
				      GTK_RESPONSE_ACCEPT);
	gtk_widget_set_sensitive(match, known);
	target = track_dialog(dialog, key, account, peer);
	g_signal_connect(dialog, "response", G_CALLBACK(on_verify_response), target);
	place_over_conversation(dialog, account, peer);
	gtk_widget_show_all(dialog);
	g_free(intro);
	g_free(title);
	g_free(name);
}

/* ---- fingerprints only ---- */

void seal_dialog_fingerprints(PurpleAccount *account, const char *peer)
{
	char *key, *name, *title;
	GtkWidget *dialog;

	if (present_open_dialog("fingerprints", account, peer, &key))
		return;
	name = contact_display_name(account, peer);
	title = g_strdup_printf(_("Fingerprints for %s"), name);
	dialog = new_dialog(title);
	add_fingerprints(GTK_DIALOG(dialog)->vbox, account, peer, name);
	gtk_dialog_add_button(GTK_DIALOG(dialog), GTK_STOCK_CLOSE, GTK_RESPONSE_CLOSE);
	track_dialog(dialog, key, account, peer);
	g_signal_connect(dialog, "response", G_CALLBACK(gtk_widget_destroy), NULL);
	place_over_conversation(dialog, account, peer);
	gtk_widget_show_all(dialog);
	g_free(title);
	g_free(name);
}

/* ---- key changed ---- */

enum { RESPONSE_SHOW_FINGERPRINTS = 1 };

static void on_key_changed_response(GtkWidget *dialog, gint response, dialog_target *target)
{
	if (!account_still_exists(target->account)) {
		gtk_widget_destroy(dialog);
		return;
	}
	if (response == RESPONSE_SHOW_FINGERPRINTS) {
		seal_dialog_fingerprints(target->account, target->peer);
		return; /* the warning stays open until the user decides */
	}
	if (response == GTK_RESPONSE_ACCEPT && !seal_core_accept_key(target->account, target->peer))
		purple_notify_error(NULL, _("Seal"), _("The new key could not be accepted."), NULL);
	gtk_widget_destroy(dialog);
}

void seal_dialog_key_changed(PurpleAccount *account, const char *peer)
{
	char *key, *name, *primary, *secondary;
	GtkWidget *dialog;
	dialog_target *target;

	if (present_open_dialog("key-changed", account, peer, &key))
		return;
	name = contact_display_name(account, peer);
	primary = g_strdup_printf(_("The key of %s has changed"), name);
	secondary = g_strdup_printf(
		_("%s now uses a different encryption key than before.\n\n"
		  "This is normal when your contact got a new device or reinstalled their chat "
		  "program. It can also mean that someone is intercepting your conversation.\n\n"
		  "What to do: ask your contact over another channel (phone, in person) whether "
		  "they changed anything, and compare fingerprints. Until you accept the new key, "
		  "Seal does not trust it."), name);
	dialog = gtk_message_dialog_new(NULL, 0, GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE, "%s", primary);
	gtk_message_dialog_format_secondary_text(GTK_MESSAGE_DIALOG(dialog), "%s", secondary);
	gtk_window_set_title(GTK_WINDOW(dialog), _("Seal: key changed"));
	gtk_window_set_role(GTK_WINDOW(dialog), "seal_dialog");
	gtk_dialog_add_button(GTK_DIALOG(dialog), _("Show _fingerprints"), RESPONSE_SHOW_FINGERPRINTS);
	gtk_dialog_add_button(GTK_DIALOG(dialog), _("_Not now"), GTK_RESPONSE_REJECT);
	gtk_dialog_add_button(GTK_DIALOG(dialog), _("_Accept new key"), GTK_RESPONSE_ACCEPT);
	target = track_dialog(dialog, key, account, peer);
	g_signal_connect(dialog, "response", G_CALLBACK(on_key_changed_response), target);
	place_over_conversation(dialog, account, peer);
	gtk_widget_show_all(dialog);
	g_free(secondary);
	g_free(primary);
	g_free(name);
}

void seal_dialogs_close_all(void)
{
	GList *dialogs, *l;

	if (open_dialogs == NULL)
		return;
	dialogs = g_hash_table_get_values(open_dialogs);
	for (l = dialogs; l != NULL; l = l->next)
		gtk_widget_destroy(l->data);
	g_list_free(dialogs);
	g_hash_table_destroy(open_dialogs);
	open_dialogs = NULL;
}
