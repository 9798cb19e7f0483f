/* libpurple UI operations of the headless e2e client: what a Pidgin window
 * would show is turned into event lines (see client_events.h). */
#ifndef SEAL_E2E_CLIENT_UI_H
#define SEAL_E2E_CLIENT_UI_H

#include <glib.h>
#include <account.h>

/* Event-loop, debug (to stderr when debug_to_stderr) and core UI ops;
 * call before purple_core_init(). */
void e2e_ui_install_core_ops(gboolean debug_to_stderr);

/* Conversation, notify and request UI ops and connection signals;
 * call after purple_core_init(). */
void e2e_ui_install_conversation_ops(void);

/* The contact name as event lines print it (libpurple's normalised form). */
char *e2e_ui_peer_name(PurpleAccount *account, const char *name);

#endif
