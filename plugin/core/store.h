/* core-seal: Seal's files under purple_user_dir()/seal/.
 *
 * The directory is 0700, every file 0600, written atomically (temp file,
 * fsync, rename).  File names are hashes, never raw screen names:
 *   <account>.identity            the account's identity key
 *   <account>-<peer>.contact      pinned identity of a contact (+ its name)
 *   <account>-<peer>.session.0|1  the session with a contact (two slots)
 *   <account>-<peer>.seen         ids of the last messages shown from it
 *   <account>-<peer>.held         typed messages not yet sent (plaintext)
 * where <account> = hex SHA-256("protocol\0username") (32 digits) and
 * <peer> = hex SHA-256("protocol\0username\0peer"). */
#ifndef SEAL_STORE_H
#define SEAL_STORE_H

#include <glib.h>
#include <account.h>
#include "crypto/buf.h"
#include "crypto/contact.h"
#include "crypto/identity.h"
#include "crypto/session.h"

/* Session files change with every message: they are kept as two alternating
 * slots rewritten in place (slots.h), and their fsync is deferred by up to a
 * second and batched (an fsync costs milliseconds on many disks) unless the
 * pref below is TRUE.  Identity and contact files are written to a temp file,
 * fsynced and renamed. */
#define SEAL_PREF_SYNC_SESSIONS "/plugins/core/seal/sync_every_session_write"

/* Sync pending session writes and forget cached state (unload). */
void seal_store_uninit(void);

/* Load the identity of account; SEAL_ERR_IO with *missing = TRUE if there is none. */
int seal_store_load_identity(PurpleAccount *account, seal_identity **out, gboolean *missing);
int seal_store_save_identity(PurpleAccount *account, const seal_identity *id);

int seal_store_load_contact(PurpleAccount *account, const char *peer, seal_contact *out,
			    gboolean *missing);
int seal_store_save_contact(PurpleAccount *account, const char *peer, const seal_contact *c);

int seal_store_load_session(PurpleAccount *account, const char *peer, seal_session **out,
			    gboolean *missing);
int seal_store_save_session(PurpleAccount *account, const char *peer, const seal_session *s);

/* The ids of the messages last shown from peer (oldest first, 16 bytes
 * each; not secret): kept so that messages re-sent after a
 * restart of Seal are not shown twice.  Loading a missing file gives an
 * empty buffer and SEAL_OK. */
int seal_store_load_seen(PurpleAccount *account, const char *peer, seal_buf *out);
int seal_store_save_seen(PurpleAccount *account, const char *peer, const uint8_t *ids,
			 size_t len);

/* The messages typed to peer and held until they can be sent encrypted
 * (oldest first), kept so that they survive a restart or a crash; an empty
 * queue removes the file.  The file names protocol, account and contact. */
int seal_store_save_held(PurpleAccount *account, const char *peer, const GQueue *texts);
/* fn(peer, texts, data) for every held file of account: texts (char *,
 * oldest first) belong to the store and are wiped after fn returns. */
typedef void (*seal_store_held_fn)(const char *peer, GPtrArray *texts, gpointer data);
void seal_store_load_held(PurpleAccount *account, seal_store_held_fn fn, gpointer data);
/* Wipe and free a plaintext string. */
void seal_store_free_text(gpointer text);

void seal_store_forget_session(PurpleAccount *account, const char *peer);
void seal_store_forget_contact(PurpleAccount *account, const char *peer);

/* Names of the contacts of account with a contact file (g_free each, g_list_free). */
GList *seal_store_list_contacts(PurpleAccount *account);

#endif
