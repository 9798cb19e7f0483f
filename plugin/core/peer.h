/* core-seal: what Seal knows about one (account, contact) pair. */
#ifndef SEAL_PEER_H
#define SEAL_PEER_H

#include <glib.h>
#include <account.h>
#include "crypto/contact.h"
#include "crypto/handshake.h"
#include "crypto/payload.h"
#include "crypto/session.h"
#include "seal-ipc.h"

#define SEAL_RECENT_MAX 20
#define SEAL_RECENT_SECONDS 600
#define SEAL_SEEN_MAX 256 /* message ids remembered per contact */

typedef struct {
	PurpleAccount *account;
	char *name;     /* normalised screen name: the key of everything */
	char *send_to;  /* the screen name to send to, as last seen */
	char *key;      /* "protocol\nusername\nname" (reassembler, tables) */
	seal_handshake *hs;   /* pending handshake, or NULL */
	seal_session *session; /* established session, or NULL */
	seal_contact contact;
	gboolean contact_known;   /* a pinned identity exists */
	gboolean has_seal;        /* the contact is known to run Seal */
	gboolean query_sent;      /* the query line went out this run */
	gboolean ended;           /* the user ended encryption (/seal end) */
	gboolean resend_recent;   /* re-send recent texts once the new session is up */
	gboolean plain_notice_due; /* mark the next displayed incoming plaintext */
	gboolean untagged_reply;  /* the contact wrote plaintext without our tag */
	seal_conv_state state;
	gint64 hs_started_us;      /* when we last sent INIT */
	gint64 reset_sent_us;      /* when we last asked the contact to restart */
	GQueue held;   /* char *: typed plaintexts waiting for a session */
	GQueue recent; /* seal_sent_text *: recently sent plaintexts, newest last */
	/* ids of the last SEAL_SEEN_MAX messages shown, a ring (kept across
	 * session restarts, saved when Seal stops: a re-sent message already
	 * shown is skipped) */
	uint8_t seen[SEAL_SEEN_MAX][SEAL_PAYLOAD_ID_LEN];
	guint seen_count; /* entries in use */
	guint seen_next;  /* where the next id goes */
} seal_peer;

typedef struct {
	char *text;
	gint64 time_us;
	uint8_t id[SEAL_PAYLOAD_ID_LEN]; /* payload id, the same when re-sent */
} seal_sent_text;

void seal_peers_init(void);
/* Save every session, wipe and free everything. */
void seal_peers_shutdown(void);
/* Free the peers of an account that is going away. */
void seal_peers_drop_account(PurpleAccount *account);

/* Call fn for every known peer. */
void seal_peers_foreach(void (*fn)(seal_peer *peer, gpointer data), gpointer data);

/* The peer for (account, who), created (and its contact and session loaded
 * from disk) on first use.  who is a screen name as libpurple gives it. */
seal_peer *seal_peer_get(PurpleAccount *account, const char *who);

/* The state the conversation should show given session and trust. */
seal_conv_state seal_peer_current_state(const seal_peer *peer);
/* Recompute the state and announce a change ("seal-state-changed"). */
void seal_peer_update_state(seal_peer *peer);

/* Save the session (after every encrypt/decrypt); FALSE on failure. */
gboolean seal_peer_save_session(seal_peer *peer);
gboolean seal_peer_save_contact(seal_peer *peer);
/* Install a new session (takes ownership), replacing and wiping the old one. */
void seal_peer_set_session(seal_peer *peer, seal_session *session);
/* Drop session and pending handshake, in memory and on disk. */
void seal_peer_drop_session(seal_peer *peer);
/* Drop everything known about the contact (session, pinned key, recent
 * texts); held messages stay. */
void seal_peer_forget(seal_peer *peer);

/* Held plaintexts (copied; wiped when freed), kept on disk too: every
 * change rewrites the contact's held file (removed when empty). */
void seal_peer_hold(seal_peer *peer, const char *plain);
char *seal_peer_take_held(seal_peer *peer); /* oldest first; NULL when empty */
gboolean seal_peer_save_held(seal_peer *peer);
/* Held texts from the last run (oldest first, copied), unless the queue is
 * not empty; returns how many were restored. */
guint seal_peer_restore_held(seal_peer *peer, GPtrArray *texts);
guint seal_peer_held_count(const seal_peer *peer);

/* Remember a sent plaintext and its payload id for re-sending after the
 * peer lost its state. */
void seal_peer_remember_sent(seal_peer *peer, const char *plain,
			     const uint8_t id[SEAL_PAYLOAD_ID_LEN]);
/* Recent messages of the last SEAL_RECENT_SECONDS, oldest first (copies,
 * free with seal_sent_text_free). */
GList *seal_peer_recent_texts(seal_peer *peer);
void seal_sent_text_free(gpointer sent);

/* TRUE if a received message with this id was already shown; otherwise
 * remember the id (the oldest of SEAL_SEEN_MAX is forgotten) and FALSE. */
gboolean seal_peer_seen_before(seal_peer *peer, const uint8_t id[SEAL_PAYLOAD_ID_LEN]);

/* Free a plaintext string after wiping it. */
void seal_free_text(char *text);

#endif
