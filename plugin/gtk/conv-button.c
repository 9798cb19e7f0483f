/* Toolbar button + its menu.  The button belongs to the PidginConversation
 * (one toolbar per tab) and always speaks for gtkconv->active_conv. */
#include "conv-button.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

#include <conversation.h>
#include <debug.h>

#include "core-client.h"
#include "dialogs.h"
#include "state-view.h"

#define BUTTON_KEY "seal-button"         /* toolbar -> button */
#define SEPARATOR_KEY "seal-separator"   /* toolbar -> separator */
#define GTKCONV_KEY "seal-gtkconv"       /* button -> PidginConversation */
#define ICON_KEY "seal-icon"             /* button -> GtkImage */
#define LABEL_KEY "seal-label"           /* button -> GtkLabel */
#define MENU_KEY "seal-menu"             /* button -> GtkMenu */
#define SHOWN_STATE_KEY "seal-shown-state" /* conv -> state + 1 last shown */

static GtkWidget *button_of(PidginConversation *gtkconv)
{
	if (gtkconv == NULL || gtkconv->toolbar == NULL)
		return NULL;
	return g_object_get_data(G_OBJECT(gtkconv->toolbar), BUTTON_KEY);
}

/* The conversation the button currently speaks for, or NULL. */
static PurpleConversation *conversation_of_button(GtkWidget *button)
{
	PidginConversation *gtkconv = g_object_get_data(G_OBJECT(button), GTKCONV_KEY);

	if (gtkconv == NULL || gtkconv->active_conv == NULL ||
	    purple_conversation_get_type(gtkconv->active_conv) != PURPLE_CONV_TYPE_IM)
		return NULL;
	return gtkconv->active_conv;
}

/* Remembers the state shown for conv; a change is written to the debug log
 * ("gtk-seal: state PEER: OLD -> NEW", which the GUI test reads). */
static void remember_shown_state(PurpleConversation *conv, seal_conv_state state)
{
	gpointer shown = purple_conversation_get_data(conv, SHOWN_STATE_KEY);
	const char *before = shown ? seal_state_debug_name(GPOINTER_TO_INT(shown) - 1) : "none";

	if (shown != NULL && GPOINTER_TO_INT(shown) - 1 == (int)state)
		return;
	purple_debug_info("gtk-seal", "state %s: %s -> %s\n", purple_conversation_get_name(conv),
			  before, seal_state_debug_name(state));
	purple_conversation_set_data(conv, SHOWN_STATE_KEY, GINT_TO_POINTER(state + 1));
}

static void paint_button(GtkWidget *button, seal_conv_state state)
{
	seal_state_view view = seal_state_view_of(state);
	GtkWidget *icon = g_object_get_data(G_OBJECT(button), ICON_KEY);
	GtkWidget *label = g_object_get_data(G_OBJECT(button), LABEL_KEY);
	char *escaped = g_markup_escape_text(view.label, -1);
	char *markup = g_strdup_printf("<span foreground=\"%s\" weight=\"bold\">%s</span>",
				       view.colour, escaped);

	gtk_image_set_from_stock(GTK_IMAGE(icon), view.stock_id, GTK_ICON_SIZE_SMALL_TOOLBAR);
	gtk_label_set_markup(GTK_LABEL(label), markup);
	gtk_widget_set_tooltip_text(button, view.tooltip);
	atk_object_set_name(gtk_widget_get_accessible(button), view.label);
	g_free(markup);
	g_free(escaped);
}

void seal_button_show_state(PurpleConversation *conv, seal_conv_state state)
{
	PidginConversation *gtkconv = PIDGIN_CONVERSATION(conv);
	GtkWidget *button;

	remember_shown_state(conv, state);
	if (gtkconv == NULL || gtkconv->active_conv != conv)
		return;
	button = button_of(gtkconv);
	if (button != NULL)
		paint_button(button, state);
}

void seal_button_forget_conversation(PurpleConversation *conv)
{
	purple_conversation_set_data(conv, SHOWN_STATE_KEY, NULL);
}

/* ---- the menu ---- */

static void on_start(GtkWidget *item, GtkWidget *button)
{
	PurpleConversation *conv = conversation_of_button(button);

	(void)item;
	if (conv != NULL)
		seal_core_start(purple_conversation_get_account(conv), purple_conversation_get_name(conv));
}

static void on_end(GtkWidget *item, GtkWidget *button)
{
	PurpleConversation *conv = conversation_of_button(button);

	(void)item;
	if (conv != NULL)
		seal_core_end(purple_conversation_get_account(conv), purple_conversation_get_name(conv));
}

static void on_verify(GtkWidget *item, GtkWidget *button)
{
	PurpleConversation *conv = conversation_of_button(button);

	(void)item;
	if (conv != NULL)
		seal_dialog_verify(purple_conversation_get_account(conv), purple_conversation_get_name(conv));
}

static void on_fingerprints(GtkWidget *item, GtkWidget *button)
{
	PurpleConversation *conv = conversation_of_button(button);

	(void)item;
	if (conv != NULL)
		seal_dialog_fingerprints(purple_conversation_get_account(conv),
					 purple_conversation_get_name(conv));
}

static void on_accept_key(GtkWidget *item, GtkWidget *button)
{
	PurpleConversation *conv = conversation_of_button(button);

	(void)item;
	if (conv != NULL)
		seal_dialog_key_changed(purple_conversation_get_account(conv),
					purple_conversation_get_name(conv));
}

static void on_policy_toggled(GtkCheckMenuItem *item, GtkWidget *button)
{
	PurpleConversation *conv = conversation_of_button(button);
	const char *policy = g_object_get_data(G_OBJECT(item), "seal-policy");

	if (conv == NULL || !gtk_check_menu_item_get_active(item))
		return;
	purple_debug_info("gtk-seal", "setting policy for %s: %s\n", purple_conversation_get_name(conv),
			  policy);
	seal_core_set_policy(purple_conversation_get_account(conv), purple_conversation_get_name(conv),
			     policy);
}

static void append_item(GtkWidget *menu, const char *label, GCallback callback, GtkWidget *button)
{
	GtkWidget *item = gtk_menu_item_new_with_mnemonic(label);

	g_signal_connect(item, "activate", callback, button);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), item);
}

static GtkWidget *build_policy_menu(PurpleConversation *conv, GtkWidget *button)
{
	static const char *const policies[] = { "always", "opportunistic", "never" };
	const char *labels[] = { _("_Always encrypt"), _("Encrypt when _possible"), _("_Never encrypt") };
	char *current = seal_core_get_policy(purple_conversation_get_account(conv),
					     purple_conversation_get_name(conv));
	GtkWidget *menu = gtk_menu_new();
	GSList *group = NULL;
	size_t i;

	purple_debug_info("gtk-seal", "menu for %s: policy %s\n", purple_conversation_get_name(conv),
			  current != NULL ? current : "unknown");

	for (i = 0; i < G_N_ELEMENTS(policies); i++) {
		GtkWidget *item = gtk_radio_menu_item_new_with_mnemonic(group, labels[i]);

		group = gtk_radio_menu_item_get_group(GTK_RADIO_MENU_ITEM(item));
		gtk_check_menu_item_set_active(GTK_CHECK_MENU_ITEM(item),
					       g_strcmp0(current, policies[i]) == 0);
		g_object_set_data(G_OBJECT(item), "seal-policy", (gpointer)policies[i]);
		g_signal_connect(item, "toggled", G_CALLBACK(on_policy_toggled), button);
		gtk_menu_shell_append(GTK_MENU_SHELL(menu), item);
	}
	g_free(current);
	return menu;
}

static GtkWidget *build_menu(PurpleConversation *conv, GtkWidget *button)
{
	seal_conv_state state = seal_core_get_state(purple_conversation_get_account(conv),
						    purple_conversation_get_name(conv));
	gboolean running = state != SEAL_STATE_PLAIN && state != SEAL_STATE_ENDED;
	GtkWidget *menu = gtk_menu_new();
	GtkWidget *policy_item;

	append_item(menu, running ? _("_Refresh encryption") : _("_Start encryption"),
		    G_CALLBACK(on_start), button);
	if (running)
		append_item(menu, _("_End encryption"), G_CALLBACK(on_end), button);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), gtk_separator_menu_item_new());
	if (state == SEAL_STATE_KEY_CHANGED)
		append_item(menu, _("Key changed: _decide…"), G_CALLBACK(on_accept_key), button);
	append_item(menu, _("_Verify contact…"), G_CALLBACK(on_verify), button);
	append_item(menu, _("Show _fingerprints"), G_CALLBACK(on_fingerprints), button);
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), gtk_separator_menu_item_new());
	policy_item = gtk_menu_item_new_with_mnemonic(_("_Policy for this contact"));
	gtk_menu_item_set_submenu(GTK_MENU_ITEM(policy_item), build_policy_menu(conv, button));
	gtk_menu_shell_append(GTK_MENU_SHELL(menu), policy_item);
	gtk_widget_show_all(menu);
	return menu;
}

/* Places the menu right under the button, or above it if there is no room. */
static void position_menu_at_button(GtkMenu *menu, gint *x, gint *y, gboolean *push_in,
				    gpointer button_pointer)
{
	GtkWidget *button = button_pointer;
	GtkRequisition menu_size;
	gint origin_x, origin_y;
	gint screen_height = gdk_screen_get_height(gtk_widget_get_screen(button));

	gtk_widget_size_request(GTK_WIDGET(menu), &menu_size);
	gdk_window_get_origin(gtk_widget_get_window(button), &origin_x, &origin_y);
	*x = origin_x + button->allocation.x;
	*y = origin_y + button->allocation.y + button->allocation.height;
	if (*y + menu_size.height > screen_height)
		*y = origin_y + button->allocation.y - menu_size.height;
	*push_in = TRUE;
}

static void on_button_clicked(GtkWidget *button, gpointer unused)
{
	PurpleConversation *conv = conversation_of_button(button);
	GtkWidget *menu;

	(void)unused;
	if (conv == NULL)
		return;
	menu = build_menu(conv, button);
	/* replaces (and destroys) the menu of the previous click */
	g_object_set_data_full(G_OBJECT(button), MENU_KEY, menu, (GDestroyNotify)gtk_widget_destroy);
	gtk_menu_popup(GTK_MENU(menu), NULL, NULL, position_menu_at_button, button, 0,
		       gtk_get_current_event_time());
}

/* ---- attaching and removing ---- */

static GtkWidget *create_button(PidginConversation *gtkconv)
{
	GtkWidget *button = gtk_button_new();
	GtkWidget *box = gtk_hbox_new(FALSE, 4);
	GtkWidget *icon = gtk_image_new();
	GtkWidget *label = gtk_label_new(NULL);
	GtkWidget *separator = gtk_vseparator_new();

	gtk_button_set_relief(GTK_BUTTON(button), GTK_RELIEF_NONE);
	gtk_box_pack_start(GTK_BOX(box), icon, FALSE, FALSE, 0);
	gtk_box_pack_start(GTK_BOX(box), label, FALSE, FALSE, 0);
	gtk_container_add(GTK_CONTAINER(button), box);
	g_object_set_data(G_OBJECT(button), GTKCONV_KEY, gtkconv);
	g_object_set_data(G_OBJECT(button), ICON_KEY, icon);
	g_object_set_data(G_OBJECT(button), LABEL_KEY, label);
	g_signal_connect(button, "clicked", G_CALLBACK(on_button_clicked), NULL);

	gtk_box_pack_end(GTK_BOX(gtkconv->toolbar), button, FALSE, FALSE, 0);
	gtk_box_pack_end(GTK_BOX(gtkconv->toolbar), separator, FALSE, FALSE, 0);
	g_object_set_data(G_OBJECT(gtkconv->toolbar), BUTTON_KEY, button);
	g_object_set_data(G_OBJECT(gtkconv->toolbar), SEPARATOR_KEY, separator);
	gtk_widget_show_all(button);
	gtk_widget_show(separator);
	return button;
}

void seal_button_attach(PidginConversation *gtkconv)
{
	PurpleConversation *conv;
	GtkWidget *button;

	if (gtkconv == NULL || gtkconv->toolbar == NULL || gtkconv->active_conv == NULL)
		return;
	conv = gtkconv->active_conv;
	if (purple_conversation_get_type(conv) != PURPLE_CONV_TYPE_IM)
		return;
	button = button_of(gtkconv);
	if (button == NULL)
		button = create_button(gtkconv);
	seal_button_show_state(conv, seal_core_get_state(purple_conversation_get_account(conv),
							 purple_conversation_get_name(conv)));
}

static void remove_button(PidginConversation *gtkconv)
{
	GtkWidget *button = button_of(gtkconv);
	GtkWidget *separator;

	if (button == NULL)
		return;
	separator = g_object_get_data(G_OBJECT(gtkconv->toolbar), SEPARATOR_KEY);
	g_object_set_data(G_OBJECT(gtkconv->toolbar), BUTTON_KEY, NULL);
	g_object_set_data(G_OBJECT(gtkconv->toolbar), SEPARATOR_KEY, NULL);
	gtk_widget_destroy(button);
	if (separator != NULL)
		gtk_widget_destroy(separator);
}

void seal_button_remove_all(void)
{
	GList *l;

	for (l = purple_get_conversations(); l != NULL; l = l->next) {
		PurpleConversation *conv = l->data;

		seal_button_forget_conversation(conv);
		remove_button(PIDGIN_CONVERSATION(conv));
	}
}
