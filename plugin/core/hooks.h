/* core-seal: the libpurple signals Seal listens to. */
#ifndef SEAL_HOOKS_H
#define SEAL_HOOKS_H

#include <plugin.h>

/* Priorities: encrypt after every other sending-im-msg handler has seen the
 * plaintext; decrypt before every other receiving-im-msg handler. */
#define SEAL_SENDING_PRIORITY (PURPLE_SIGNAL_PRIORITY_HIGHEST - 100)
#define SEAL_RECEIVING_PRIORITY (PURPLE_SIGNAL_PRIORITY_LOWEST + 100)

void seal_hooks_connect(PurplePlugin *plugin);
void seal_hooks_disconnect(PurplePlugin *plugin);

#endif
