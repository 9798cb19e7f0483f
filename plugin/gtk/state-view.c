/* The one table of how Seal's conversation states look in Pidgin. */
#include "state-view.h"

#include <glib/gi18n-lib.h>
#include <gtk/gtk.h>

seal_state_view seal_state_view_of(seal_conv_state state)
{
	seal_state_view view;

	switch (state) {
	case SEAL_STATE_PENDING:
		view.label = _("Encrypting…");
		view.tooltip = _("Seal is setting up encryption with this contact. "
				 "Messages you send now wait until it is ready.");
		view.stock_id = GTK_STOCK_REFRESH;
		view.colour = "#204a87";
		break;
	case SEAL_STATE_UNVERIFIED:
		view.label = _("Encrypted (unverified)");
		view.tooltip = _("Messages are encrypted, but you have not yet confirmed that "
				 "the key really belongs to this contact. Click here and choose "
				 "\"Verify contact…\" to compare fingerprints; it takes a minute.");
		view.stock_id = GTK_STOCK_DIALOG_AUTHENTICATION;
		view.colour = "#ce5c00";
		break;
	case SEAL_STATE_VERIFIED:
		view.label = _("Encrypted and verified");
		view.tooltip = _("Messages are encrypted, and you have confirmed that the key "
				 "belongs to this contact.");
		view.stock_id = GTK_STOCK_YES;
		view.colour = "#4e9a06";
		break;
	case SEAL_STATE_KEY_CHANGED:
		view.label = _("Key changed");
		view.tooltip = _("This contact's key has changed. This can be a new device or a "
				 "reinstall, or someone intercepting the conversation. Click here and "
				 "compare fingerprints before you trust the new key.");
		view.stock_id = GTK_STOCK_DIALOG_WARNING;
		view.colour = "#cc0000";
		break;
	case SEAL_STATE_ENDED:
		view.label = _("Ended");
		view.tooltip = _("You ended encryption for this conversation. Messages are sent "
				 "unencrypted until you start it again.");
		view.stock_id = GTK_STOCK_DISCONNECT;
		view.colour = "#555753";
		break;
	case SEAL_STATE_PLAIN:
	default:
		view.label = _("Not encrypted");
		view.tooltip = _("Messages in this conversation are not encrypted. Click here "
				 "and choose \"Start encryption\" to encrypt them.");
		view.stock_id = GTK_STOCK_NO;
		view.colour = "#555753";
		break;
	}
	return view;
}
