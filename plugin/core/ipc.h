/* core-seal: the signals and IPC commands of seal-ipc.h. */
#ifndef SEAL_CORE_IPC_H
#define SEAL_CORE_IPC_H

#include <account.h>
#include <plugin.h>
#include "seal-ipc.h"

/* Register the signals and IPC commands on the plugin handle. */
void seal_ipc_register(PurplePlugin *plugin);
void seal_ipc_unregister(PurplePlugin *plugin);

void seal_ipc_emit_state_changed(PurpleAccount *account, const char *peer, seal_conv_state state);
void seal_ipc_emit_key_changed(PurpleAccount *account, const char *peer);

#endif
