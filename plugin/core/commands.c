/* core-seal: the /seal command:
 *   /seal status | start | end | fingerprint | verify | policy always|opportunistic|never | help */
#include "commands.h"

#include <string.h>
#include <time.h>
#include <glib/gi18n-lib.h>
#include <cmds.h>
#include <conversation.h>
#include <util.h>

#include "control.h"
#include "markup.h"
#include "policy.h"

static PurpleCmdId seal_command_id;
static PurpleCmdId seal_me_command_id;

static void command_reply(PurpleConversation *conv, const char *text, gboolean error)
{
	char *display = seal_markup_plain_to_display(text, strlen(text));
	PurpleMessageFlags flags = PURPLE_MESSAGE_SYSTEM | PURPLE_MESSAGE_NO_LOG;

	purple_conversation_write(conv, NULL, display, error ? flags | PURPLE_MESSAGE_ERROR : flags,
				  time(NULL));
	g_free(display);
}

static void command_help(PurpleConversation *conv)
{
	command_reply(conv,
		      _("Seal commands:\n"
			"/seal status: is this conversation encrypted?\n"
			"/seal start: start (or restart) encryption\n"
			"/seal end: stop encrypting this conversation\n"
			"/seal fingerprint: your fingerprint and the contact's, to compare\n"
			"/seal verify: you compared fingerprints and they match\n"
			"/seal policy always|opportunistic|never: when to encrypt with this contact\n"
			"/seal help: this help"),
		      FALSE);
}

static void command_fingerprint(PurpleConversation *conv, PurpleAccount *account, const char *who)
{
	char *own = seal_control_own_fingerprint(account, TRUE);
	char *theirs = seal_control_peer_fingerprint(account, who);
	char *text;

	if (theirs != NULL)
		text = g_strdup_printf(_("Your fingerprint: %s\nFingerprint of %s: %s\nCompare them "
					 "with %s (in person or by phone), then type /seal verify."),
				       own ? own : "?", who, theirs, who);
	else
		text = g_strdup_printf(_("Your fingerprint: %s\n%s has no known Seal key yet."),
				       own ? own : "?", who);
	command_reply(conv, text, FALSE);
	g_free(text);
	g_free(own);
	g_free(theirs);
}

static void command_verify(PurpleConversation *conv, PurpleAccount *account, const char *who)
{
	char *text;

	if (seal_control_verify(account, who))
		text = g_strdup_printf(_("%s is now verified."), who);
	else
		text = g_strdup_printf(_("There is no Seal key of %s to verify yet."), who);
	command_reply(conv, text, FALSE);
	g_free(text);
}

static void command_policy(PurpleConversation *conv, PurpleAccount *account, const char *who,
			   const char *value)
{
	seal_policy policy;
	char *text;

	if (value == NULL || !seal_policy_parse(value, &policy)) {
		text = g_strdup_printf(_("The policy with %s is %s. Use /seal policy "
					 "always|opportunistic|never to change it."),
				       who, seal_control_get_policy(account, who));
		command_reply(conv, text, value != NULL);
	} else if (seal_control_set_policy(account, who, seal_policy_name(policy))) {
		text = g_strdup_printf(_("The policy with %s is now %s."), who,
				       seal_policy_name(policy));
		command_reply(conv, text, FALSE);
	} else {
		text = g_strdup_printf(_("Add %s to your buddy list to give them their own policy."),
				       who);
		command_reply(conv, text, TRUE);
	}
	g_free(text);
}

static void command_status(PurpleConversation *conv, PurpleAccount *account, const char *who)
{
	char *text = seal_control_status_text(account, who);

	command_reply(conv, text, FALSE);
	g_free(text);
}

/* The words of the command line, empty ones (repeated blanks) dropped. */
static char **command_split_words(const char *line)
{
	char **parts = g_strsplit_set(line, " \t", -1);
	GPtrArray *words = g_ptr_array_new();
	int i;

	for (i = 0; parts[i] != NULL; i++)
		if (*parts[i] != '\0' && words->len < 2)
			g_ptr_array_add(words, g_strdup(parts[i]));
	g_ptr_array_add(words, NULL);
	while (words->len < 3)
		g_ptr_array_add(words, NULL);
	g_strfreev(parts);
	return (char **)g_ptr_array_free(words, FALSE);
}

/* Run one sub-command (words[0]) for the conversation's contact. */
static gboolean command_dispatch(PurpleConversation *conv, char **words)
{
	PurpleAccount *account = purple_conversation_get_account(conv);
	const char *name = purple_conversation_get_name(conv);
	const char *sub = words[0];
	char *who;
	gboolean known = TRUE;

	if (account == NULL || name == NULL)
		return FALSE;
	who = g_strdup(purple_normalize(account, name));

	if (g_strcmp0(sub, "status") == 0)
		command_status(conv, account, who);
	else if (g_strcmp0(sub, "start") == 0)
		seal_control_start(account, who);
	else if (g_strcmp0(sub, "end") == 0)
		seal_control_end(account, who);
	else if (g_strcmp0(sub, "fingerprint") == 0)
		command_fingerprint(conv, account, who);
	else if (g_strcmp0(sub, "verify") == 0)
		command_verify(conv, account, who);
	else if (g_strcmp0(sub, "policy") == 0)
		command_policy(conv, account, who, words[1]);
	else
		known = FALSE;
	g_free(who);
	return known;
}

static PurpleCmdRet command_seal(PurpleConversation *conv, const gchar *cmd, gchar **args,
				 gchar **error, void *data)
{
	char *line;
	char **words;

	(void)cmd;
	(void)error;
	(void)data;
	if (conv == NULL || purple_conversation_get_type(conv) != PURPLE_CONV_TYPE_IM)
		return PURPLE_CMD_RET_FAILED;
	line = (args != NULL && args[0] != NULL) ? purple_markup_strip_html(args[0]) : g_strdup("");
	g_strstrip(line);
	words = command_split_words(line);
	if (words[0] == NULL || !command_dispatch(conv, words))
		command_help(conv);
	g_strfreev(words);
	g_free(line);
	return PURPLE_CMD_RET_OK;
}

/* IRC's own /me goes straight to the server, in plaintext.  When this IM is
 * encrypted (or must be), send "/me text" as a normal message instead: Seal
 * encrypts it and the receiving client shows it as an action. */
static PurpleCmdRet command_me(PurpleConversation *conv, const gchar *cmd, gchar **args,
			       gchar **error, void *data)
{
	PurpleAccount *account;
	const char *who;
	char *text;
	seal_conv_state state;
	seal_policy policy;
	gboolean encrypted;

	(void)cmd;
	(void)error;
	(void)data;
	if (conv == NULL || purple_conversation_get_type(conv) != PURPLE_CONV_TYPE_IM ||
	    args == NULL || args[0] == NULL)
		return PURPLE_CMD_RET_CONTINUE;
	account = purple_conversation_get_account(conv);
	who = purple_conversation_get_name(conv);
	state = seal_control_get_state(account, who);
	policy = seal_policy_get(account, who);
	encrypted = policy == SEAL_POLICY_ALWAYS ||
		    (policy != SEAL_POLICY_NEVER && state != SEAL_STATE_PLAIN &&
		     state != SEAL_STATE_ENDED);
	if (!encrypted)
		return PURPLE_CMD_RET_CONTINUE; /* the prpl's own /me */
	text = g_strconcat("/me ", args[0], NULL);
	purple_conv_im_send(PURPLE_CONV_IM(conv), text);
	g_free(text);
	return PURPLE_CMD_RET_OK;
}

void seal_commands_register(void)
{
	if (seal_me_command_id == 0)
		seal_me_command_id = purple_cmd_register(
			"me", "s", PURPLE_CMD_P_PLUGIN, PURPLE_CMD_FLAG_IM | PURPLE_CMD_FLAG_PRPL_ONLY,
			"prpl-irc", PURPLE_CMD_FUNC(command_me),
			_("me &lt;action&gt;: send an action (encrypted when the conversation is)."),
			NULL);
	if (seal_command_id != 0)
		return;
	seal_command_id = purple_cmd_register(
		"seal", "s", PURPLE_CMD_P_PLUGIN,
		PURPLE_CMD_FLAG_IM | PURPLE_CMD_FLAG_ALLOW_WRONG_ARGS, NULL,
		PURPLE_CMD_FUNC(command_seal),
		_("seal &lt;status|start|end|fingerprint|verify|policy|help&gt;: end-to-end "
		  "encryption with Seal."),
		NULL);
}

void seal_commands_unregister(void)
{
	if (seal_me_command_id != 0)
		purple_cmd_unregister(seal_me_command_id);
	seal_me_command_id = 0;
	if (seal_command_id != 0)
		purple_cmd_unregister(seal_command_id);
	seal_command_id = 0;
}
