/* Seal's preferences page in Pidgin's plugin dialog. */
#ifndef GTK_SEAL_PREFS_FRAME_H
#define GTK_SEAL_PREFS_FRAME_H

#include <gtk/gtk.h>
#include <plugin.h>

/* PidginPluginUiInfo.get_config_frame */
GtkWidget *seal_prefs_frame_new(PurplePlugin *plugin);

#endif
