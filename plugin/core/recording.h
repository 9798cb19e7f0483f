/* core-seal: the bridge from libpurple conversations to the record store.
 *
 * The encryption hooks call these at the moment they know a message's fate;
 * recording.c decides (per account/contact preference) whether and how to
 * store it.  Chat messages are recorded by recording.c's own chat hooks. */
#ifndef SEAL_RECORDING_H
#define SEAL_RECORDING_H

#include <glib.h>
#include <plugin.h>
#include <account.h>
#include "crypto/contact.h"

/* Open the store under purple_user_dir()/seal/, apply retention, connect
 * chat hooks and the daily retention timer.  Never fails the plugin load: on
 * error it reports once and recording stays off. */
void seal_recording_init(PurplePlugin *plugin);
void seal_recording_uninit(void);

/* One IM, as displayed to the user.  text is what libpurple shows (may hold
 * HTML); sender_time_us is the sender's timestamp from the encrypted payload,
 * or 0 when unknown. */
void seal_recording_im(PurpleAccount *account, const char *peer, gboolean outgoing,
		       gboolean encrypted, seal_trust trust, const char *text,
		       gint64 sender_time_us);

/* A Seal event (session started/ended, key changed, contact verified,
 * decryption failed...), text in plain words. */
void seal_recording_event(PurpleAccount *account, const char *peer, const char *text);

/* Adds the recording preferences under /plugins/core/seal/records (call from
 * the plugin's init): enabled (bool, TRUE), retention_days (int, 0 = keep
 * forever), notice_text (string, "" = send no notice).  Per account:
 * purple_account_set_bool(account, "seal-record", FALSE) turns recording off;
 * per contact or chat: purple_blist_node_set_bool(node, "seal-record", FALSE). */
void seal_recording_add_prefs(void);

/* Writes every record as CSV (formulas neutralised) to path (mode 0600).
 * Returns the number of records, or -1 on error. */
int seal_recording_export_csv(const char *path);

/* A one-paragraph, translated result of verifying the records; g_free it. */
char *seal_recording_verify_text(void);

#endif
