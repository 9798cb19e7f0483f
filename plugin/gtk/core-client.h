/* gtk-seal's view of core-seal: thin wrappers over the IPC commands of
 * plugin/core/seal-ipc.h.  Every wrapper tolerates a missing core or command
 * (it then returns the "nothing known" value and logs once). */
#ifndef GTK_SEAL_CORE_CLIENT_H
#define GTK_SEAL_CORE_CLIENT_H

#include <glib.h>
#include <account.h>
#include <plugin.h>

#include "seal-ipc.h"

/* The loaded core-seal plugin, or NULL. */
PurplePlugin *seal_core_plugin(void);

seal_conv_state seal_core_get_state(PurpleAccount *account, const char *peer);
void seal_core_start(PurpleAccount *account, const char *peer);
void seal_core_end(PurpleAccount *account, const char *peer);
gboolean seal_core_verify(PurpleAccount *account, const char *peer);
gboolean seal_core_accept_key(PurpleAccount *account, const char *peer);

/* Fingerprints in the grouped form ("12345 67890 ..."); g_free() them.
 * NULL when not known (yet). */
char *seal_core_own_fingerprint(PurpleAccount *account);
char *seal_core_peer_fingerprint(PurpleAccount *account, const char *peer);

/* "never" | "opportunistic" | "always" (g_free it), NULL if unknown. */
char *seal_core_get_policy(PurpleAccount *account, const char *peer);
gboolean seal_core_set_policy(PurpleAccount *account, const char *peer, const char *policy);

/* Short, stable, untranslated name of a state, for debug lines and tests. */
const char *seal_state_debug_name(seal_conv_state state);

#endif
