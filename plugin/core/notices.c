/* core-seal: conversation notices. */
#include "notices.h"

#include <string.h>
#include <time.h>
#include <conversation.h>

#include "markup.h"

static PurpleConversation *notice_conversation(seal_peer *peer)
{
	PurpleConversation *conv =
		purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, peer->send_to, peer->account);

	if (conv == NULL)
		conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, peer->name,
							     peer->account);
	if (conv == NULL && purple_account_is_connected(peer->account))
		conv = purple_conversation_new(PURPLE_CONV_TYPE_IM, peer->account, peer->send_to);
	return conv;
}

static void notice_write(seal_peer *peer, const char *text, PurpleMessageFlags flags)
{
	PurpleConversation *conv;
	char *display;

	if (peer == NULL || text == NULL)
		return;
	conv = notice_conversation(peer);
	if (conv == NULL)
		return;
	display = seal_markup_plain_to_display(text, strlen(text));
	purple_conversation_write(conv, NULL, display, flags, time(NULL));
	g_free(display);
}

void seal_notice_info(seal_peer *peer, const char *text)
{
	notice_write(peer, text, PURPLE_MESSAGE_SYSTEM | PURPLE_MESSAGE_NO_LOG);
}

void seal_notice_error(seal_peer *peer, const char *text)
{
	notice_write(peer, text, PURPLE_MESSAGE_SYSTEM | PURPLE_MESSAGE_NO_LOG | PURPLE_MESSAGE_ERROR);
}

void seal_notice_own_message(seal_peer *peer, const char *plain)
{
	PurpleConversation *conv;
	char *display;

	if (peer == NULL || plain == NULL)
		return;
	conv = notice_conversation(peer);
	if (conv == NULL || PURPLE_CONV_IM(conv) == NULL)
		return;
	display = seal_markup_plain_to_display(plain, strlen(plain));
	purple_conv_im_write(PURPLE_CONV_IM(conv), NULL, display, PURPLE_MESSAGE_SEND, time(NULL));
	g_free(display);
}
