/* core-seal: the plugin's actions (Tools menu in Pidgin, Finch's plugin
 * actions) and its preference frame. */
#ifndef SEAL_ACTIONS_H
#define SEAL_ACTIONS_H

#include <glib.h>
#include <plugin.h>
#include <pluginpref.h>

GList *seal_actions_list(PurplePlugin *plugin, gpointer context);
PurplePluginPrefFrame *seal_actions_pref_frame(PurplePlugin *plugin);

/* Records export and verification (through recording.c when available). */
int seal_actions_export_records(const char *csv_path);
char *seal_actions_verify_records(void);

#endif
