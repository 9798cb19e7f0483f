/* In-process tests of core-seal: shared helpers. */
#ifndef SEAL_PLUGIN_TEST_H
#define SEAL_PLUGIN_TEST_H

#include <glib.h>
#include <account.h>
#include <plugin.h>

/* Fails the test run (prints and counts) when cond is false. */
#define CHECK(cond) plugin_test_check((cond), #cond, __FILE__, __LINE__)
void plugin_test_check(int ok, const char *what, const char *file, int line);

/* The plugin (loaded) and two connected loopback accounts, "alice" (the
 * test account) and "bob" (the other), who can talk to each other. */
PurplePlugin *plugin_test_plugin(void);
PurpleAccount *plugin_test_account(void);
PurpleAccount *plugin_test_other_account(void);
const char *plugin_test_user_dir(void);

/* Emit sending-im-msg; returns what is left to send (g_free) or NULL. */
char *plugin_test_send(const char *to, const char *html);
/* Emit receiving-im-msg; returns what would be displayed (g_free) or NULL. */
char *plugin_test_receive(const char *from, const char *text);
/* Lines written to conversations since the last call, one per line as
 * "<account> SYSTEM|ERROR|SENT|RECV <who>: <text>" (g_free). */
char *plugin_test_take_notices(void);
/* from types html in its conversation with to (as the user would), then the
 * loopback network delivers everything queued. */
void plugin_test_say(PurpleAccount *from, const char *to, const char *html);
/* How often needle occurs in events. */
guint plugin_test_count(const char *events, const char *needle);

/* The test cases (plugin_test_cases.c). */
void plugin_test_cases_run(void);
/* Two accounts talking through core-seal (plugin_test_conversation.c). */
void plugin_test_conversation_run(void);
/* Re-sending after a restart request (plugin_test_resend.c). */
void plugin_test_resend_run(void);
/* Held messages kept across a restart of Seal (plugin_test_held.c). */
void plugin_test_held_run(void);
/* What the UIs do differently (plugin_test_ui.c). */
void plugin_test_ui_run(void);

#endif
