/* core-seal: things every module of the plugin shares. */
#ifndef SEAL_CORE_H
#define SEAL_CORE_H

#include <glib.h>
#include <plugin.h>

/* The loaded plugin (signal and IPC handle), or NULL when not loaded. */
PurplePlugin *seal_core_plugin(void);

/* Current time, microseconds since the epoch. */
gint64 seal_core_now_us(void);

#endif
