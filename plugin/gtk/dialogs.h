/* Seal's dialogs in Pidgin: verification, fingerprints, key-change warning. */
#ifndef GTK_SEAL_DIALOGS_H
#define GTK_SEAL_DIALOGS_H

#include <account.h>

/* Both fingerprints, how to compare them, and "They match — mark as verified". */
void seal_dialog_verify(PurpleAccount *account, const char *peer);

/* Both fingerprints, read only. */
void seal_dialog_fingerprints(PurpleAccount *account, const char *peer);

/* The warning after a contact's key changed: what it means, what to do,
 * "Accept new key" / "Not now". */
void seal_dialog_key_changed(PurpleAccount *account, const char *peer);

/* Closes every open Seal dialog (plugin unload). */
void seal_dialogs_close_all(void);

#endif
