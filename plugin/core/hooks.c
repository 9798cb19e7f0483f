/* core-seal: the libpurple signals Seal listens to. */
#include "hooks.h"

#include <string.h>
#include <account.h>
#include <conversation.h>
#include <signals.h>

#include "crypto/wire.h"
#include "peer.h"
#include "receive.h"
#include "send.h"

static void seal_hooks_encrypt_outgoing(PurpleAccount *account, const char *receiver,
					char **message, gpointer data)
{
	(void)data;
	seal_send_outgoing(account, receiver, message);
}

static gboolean seal_hooks_decrypt_incoming(PurpleAccount *account, char **sender, char **message,
					    PurpleConversation *conv, PurpleMessageFlags *flags,
					    gpointer data)
{
	(void)conv;
	(void)flags;
	(void)data;
	if (sender == NULL)
		return FALSE;
	return seal_receive_incoming(account, *sender, message);
}

/* Prpls that echo sent messages themselves would show our armor: hide it
 * (common_send already showed the plaintext). */
static gboolean seal_hooks_hide_armor_echo(PurpleAccount *account, const char *who, char **message,
					   PurpleConversation *conv, PurpleMessageFlags flags,
					   gpointer data)
{
	(void)account;
	(void)who;
	(void)conv;
	(void)data;
	if (!(flags & PURPLE_MESSAGE_SEND) || message == NULL || *message == NULL)
		return FALSE;
	return strstr(*message, SEAL_WIRE_PREFIX) != NULL ||
	       strstr(*message, SEAL_WIRE_FRAGMENT_PREFIX) != NULL;
}

static void seal_hooks_mark_unencrypted(PurpleAccount *account, const char *who, char *message,
					PurpleConversation *conv, PurpleMessageFlags flags,
					gpointer data)
{
	(void)message;
	(void)data;
	/* the conversation's name, not who: Finch passes the buddy's alias */
	if ((flags & PURPLE_MESSAGE_RECV) && conv != NULL &&
	    purple_conversation_get_type(conv) == PURPLE_CONV_TYPE_IM)
		seal_receive_after_display(account, purple_conversation_get_name(conv));
	else if ((flags & PURPLE_MESSAGE_RECV) && who != NULL)
		seal_receive_after_display(account, who);
}

static void seal_hooks_account_removed(PurpleAccount *account, gpointer data)
{
	(void)data;
	seal_peers_drop_account(account);
}

void seal_hooks_connect(PurplePlugin *plugin)
{
	void *conv = purple_conversations_get_handle();

	purple_signal_connect_priority(conv, "sending-im-msg", plugin,
				       PURPLE_CALLBACK(seal_hooks_encrypt_outgoing), NULL,
				       SEAL_SENDING_PRIORITY);
	purple_signal_connect_priority(conv, "receiving-im-msg", plugin,
				       PURPLE_CALLBACK(seal_hooks_decrypt_incoming), NULL,
				       SEAL_RECEIVING_PRIORITY);
	purple_signal_connect(conv, "writing-im-msg", plugin,
			      PURPLE_CALLBACK(seal_hooks_hide_armor_echo), NULL);
	purple_signal_connect(conv, "wrote-im-msg", plugin,
			      PURPLE_CALLBACK(seal_hooks_mark_unencrypted), NULL);
	purple_signal_connect(purple_accounts_get_handle(), "account-removed", plugin,
			      PURPLE_CALLBACK(seal_hooks_account_removed), NULL);
}

void seal_hooks_disconnect(PurplePlugin *plugin)
{
	purple_signals_disconnect_by_handle(plugin);
}
