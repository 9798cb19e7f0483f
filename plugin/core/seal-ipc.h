/* The contract between core-seal and its users (gtk-seal, tests).
 *
 * Plugin modules are loaded with G_MODULE_BIND_LOCAL and cannot share
 * symbols.  gtk-seal reaches core-seal only through the libpurple signal and
 * the IPC commands named here.  This header defines names and constants only. */
#ifndef SEAL_IPC_H
#define SEAL_IPC_H

#define SEAL_CORE_PLUGIN_ID "core-seal"
#define SEAL_GTK_PLUGIN_ID "gtk-seal"
#define SEAL_PREFS_ROOT "/plugins/core/seal"

/* State of the conversation with one contact, as shown to the user. */
typedef enum {
	SEAL_STATE_PLAIN = 0,       /* Not encrypted */
	SEAL_STATE_PENDING = 1,     /* Encrypting… (handshake running, messages queued) */
	SEAL_STATE_UNVERIFIED = 2,  /* Encrypted (unverified) */
	SEAL_STATE_VERIFIED = 3,    /* Encrypted and verified */
	SEAL_STATE_KEY_CHANGED = 4, /* the contact's identity key changed: not accepted yet */
	SEAL_STATE_ENDED = 5,       /* the user ended encryption for this conversation */
} seal_conv_state;

/* Signal on the core-seal plugin handle (purple_plugins_find_with_id(SEAL_CORE_PLUGIN_ID)):
 *   "seal-state-changed"  void (PurpleAccount *account, const char *peer, int state)
 *     emitted whenever the seal_conv_state of (account, peer) changes.
 *   "seal-key-changed"    void (PurpleAccount *account, const char *peer)
 *     emitted when a contact presents a different identity key than the pinned one.
 *
 * IPC commands (purple_plugin_ipc_call(core, NAME, &ok, args...)); peer is a
 * screen name as libpurple gives it (core-seal normalises it); returned
 * strings are g_malloc'ed and the caller g_free()s them:
 *   "get-state"         int      (PurpleAccount *account, const char *peer)
 *   "start"             void     (PurpleAccount *account, const char *peer)   start or refresh
 *   "end"               void     (PurpleAccount *account, const char *peer)
 *   "verify"            gboolean (PurpleAccount *account, const char *peer)   mark verified
 *   "accept-key"        gboolean (PurpleAccount *account, const char *peer)   accept a changed key
 *   "forget"            gboolean (PurpleAccount *account, const char *peer)   forget contact + session
 *   "own-fingerprint"   char *   (PurpleAccount *account)                     NULL if none yet
 *   "peer-fingerprint"  char *   (PurpleAccount *account, const char *peer)   NULL if unknown
 *   "get-policy"        char *   (PurpleAccount *account, const char *peer)   "never"|"opportunistic"|"always"
 *   "set-policy"        gboolean (PurpleAccount *account, const char *peer, const char *policy)
 *                                 peer NULL: the account's policy
 *   "list-contacts"     GList *  (PurpleAccount *account)  of g_malloc'ed "peer\ttrust" strings,
 *                                 trust = "unverified"|"verified"|"changed"; free with g_list_free_full
 *   "export-records"    int      (const char *csv_path)  number of records written, < 0 on error
 *   "verify-records"    char *   (void)                  a one-paragraph human-readable result
 */

#endif
