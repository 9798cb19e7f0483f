/* What the UIs do differently: Finch writes a received IM under the
 * buddy's alias, not the screen name. */
#include "plugin_test.h"
#include "loopback_prpl.h"

#include <string.h>

#include <conversation.h>

static PurpleConversationUiOps finch_like_ops;

/* Like finch_write_im: a received message is written under an alias. */
static void finch_like_write_im(PurpleConversation *conv, const char *who, const char *message,
				PurpleMessageFlags flags, time_t mtime)
{
	(void)who;
	purple_conversation_write(conv, "Bob Alias", message, flags, mtime);
}

static PurpleConversation *im_with(PurpleAccount *account, const char *who)
{
	PurpleConversation *conv = purple_find_conversation_with_account(PURPLE_CONV_TYPE_IM, who,
									  account);

	return conv != NULL ? conv : purple_conversation_new(PURPLE_CONV_TYPE_IM, account, who);
}

/* bob (policy never) writes in clear while alice has a session with him:
 * alice's window, written under bob's alias, still gets the mark. */
static void test_unencrypted_mark_under_an_alias(void)
{
	PurpleConversation *conv = im_with(plugin_test_account(), "bob");
	PurpleConversationUiOps *before = purple_conversation_get_ui_ops(conv);
	char *events;

	finch_like_ops.write_im = finch_like_write_im;
	purple_conversation_set_ui_ops(conv, &finch_like_ops);
	purple_account_set_string(plugin_test_other_account(), "seal-policy", "never");
	g_free(plugin_test_take_notices());
	purple_conv_im_send(PURPLE_CONV_IM(im_with(plugin_test_other_account(), "alice")),
			    "in clear from bob");
	loopback_flush();
	events = plugin_test_take_notices();
	CHECK(strstr(events, "alice RECV Bob Alias: in clear from bob\n") != NULL);
	CHECK(strstr(events, "alice ERROR bob: The message above was not encrypted.") != NULL);
	if (strstr(events, "The message above was not encrypted.") == NULL)
		g_printerr("%s", events);
	g_free(events);
	purple_account_set_string(plugin_test_other_account(), "seal-policy", NULL);
	purple_conversation_set_ui_ops(conv, before);
}

void plugin_test_ui_run(void)
{
	test_unencrypted_mark_under_an_alias();
}
