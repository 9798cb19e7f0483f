/* core-seal: messages still held when Seal stopped (kept on disk by the
 * peer) are restored when their account signs on and sent encrypted. */
#ifndef SEAL_HELD_H
#define SEAL_HELD_H

#include <plugin.h>

/* Restore the held messages of the accounts already connected and follow
 * "signed-on" for the others (disconnected with the plugin's signals). */
void seal_held_init(PurplePlugin *plugin);

#endif
