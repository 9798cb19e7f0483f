/* core-seal: per-(account, contact) state (see peer.h). */
#include "peer.h"

#include <string.h>
#include <debug.h>
#include <util.h>

#include "core.h"
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "ipc.h"
#include "store.h"

static GHashTable *seal_peer_table; /* key -> seal_peer * */

void seal_free_text(char *text)
{
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		g_free(text);
	}
}

void seal_sent_text_free(gpointer data)
{
	seal_sent_text *sent = data;

	seal_free_text(sent->text);
	g_free(sent);
}

static void peer_free(gpointer data)
{
	seal_peer *peer = data;

	seal_handshake_free(peer->hs);
	seal_session_free(peer->session);
	seal_wipe(&peer->contact, sizeof(peer->contact));
	g_queue_clear_full(&peer->held, (GDestroyNotify)seal_free_text);
	g_queue_clear_full(&peer->recent, seal_sent_text_free);
	g_free(peer->name);
	g_free(peer->send_to);
	g_free(peer->key);
	g_free(peer);
}

void seal_peers_init(void)
{
	if (seal_peer_table == NULL)
		seal_peer_table = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, peer_free);
}

/* The remembered ids, oldest first, to a file (see seal_peer_seen_before). */
static void peer_save_seen(seal_peer *peer)
{
	uint8_t ids[SEAL_SEEN_MAX * SEAL_PAYLOAD_ID_LEN];
	guint first = peer->seen_count < SEAL_SEEN_MAX ? 0 : peer->seen_next;
	guint i;

	if (peer->seen_count == 0)
		return;
	for (i = 0; i < peer->seen_count; i++)
		memcpy(ids + i * SEAL_PAYLOAD_ID_LEN, peer->seen[(first + i) % SEAL_SEEN_MAX],
		       SEAL_PAYLOAD_ID_LEN);
	if (seal_store_save_seen(peer->account, peer->name, ids,
				 (size_t)peer->seen_count * SEAL_PAYLOAD_ID_LEN) != SEAL_OK)
		purple_debug_warning("seal", "cannot save the ids of received messages\n");
}

static void peer_load_seen(seal_peer *peer)
{
	seal_buf data = SEAL_BUF_INIT;
	size_t n;

	if (seal_store_load_seen(peer->account, peer->name, &data) != SEAL_OK ||
	    data.len % SEAL_PAYLOAD_ID_LEN != 0) {
		purple_debug_warning("seal", "the ids of received messages are unreadable\n");
		seal_buf_free(&data);
		return;
	}
	n = MIN(data.len / SEAL_PAYLOAD_ID_LEN, SEAL_SEEN_MAX);
	if (n > 0)
		memcpy(peer->seen, data.data + data.len - n * SEAL_PAYLOAD_ID_LEN,
		       n * SEAL_PAYLOAD_ID_LEN);
	peer->seen_count = (guint)n;
	peer->seen_next = (guint)n % SEAL_SEEN_MAX;
	seal_buf_free(&data);
}

void seal_peers_shutdown(void)
{
	GHashTableIter iter;
	gpointer value;

	if (seal_peer_table == NULL)
		return;
	g_hash_table_iter_init(&iter, seal_peer_table);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		seal_peer *peer = value;
		if (peer->session != NULL)
			(void)seal_peer_save_session(peer);
		peer_save_seen(peer);
	}
	g_hash_table_destroy(seal_peer_table);
	seal_peer_table = NULL;
}

void seal_peers_drop_account(PurpleAccount *account)
{
	GHashTableIter iter;
	gpointer value;

	if (seal_peer_table == NULL)
		return;
	g_hash_table_iter_init(&iter, seal_peer_table);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		if (((seal_peer *)value)->account == account)
			g_hash_table_iter_remove(&iter);
}

void seal_peers_foreach(void (*fn)(seal_peer *peer, gpointer data), gpointer data)
{
	GHashTableIter iter;
	gpointer value;

	if (seal_peer_table == NULL)
		return;
	g_hash_table_iter_init(&iter, seal_peer_table);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		fn(value, data);
}

/* The contact file must agree with the session's key (Seal may have been
 * stopped between writing the two): pin a missing contact, flag a key that
 * was never accepted as changed. */
static void peer_check_session_key(seal_peer *peer)
{
	const uint8_t *key = seal_session_peer_identity(peer->session);

	if (!peer->contact_known) {
		memset(&peer->contact, 0, sizeof(peer->contact));
		memcpy(peer->contact.pinned, key, SEAL_IDENTITY_PUB_LEN);
		peer->contact.trust = SEAL_TRUST_UNVERIFIED;
		peer->contact.first_seen = (int64_t)(seal_core_now_us() / G_USEC_PER_SEC);
		peer->contact_known = TRUE;
	} else if (seal_ct_equal(peer->contact.pinned, key, SEAL_IDENTITY_PUB_LEN) ||
		   (peer->contact.trust == SEAL_TRUST_CHANGED &&
		    seal_ct_equal(peer->contact.pending, key, SEAL_IDENTITY_PUB_LEN))) {
		return;
	} else {
		memcpy(peer->contact.pending, key, SEAL_IDENTITY_PUB_LEN);
		peer->contact.trust = SEAL_TRUST_CHANGED;
	}
	(void)seal_peer_save_contact(peer);
}

static void peer_load(seal_peer *peer)
{
	gboolean missing = FALSE;
	int rc;

	rc = seal_store_load_contact(peer->account, peer->name, &peer->contact, &missing);
	peer->contact_known = (rc == SEAL_OK);
	if (rc != SEAL_OK && !missing)
		purple_debug_error("seal", "contact file unusable: %s\n", seal_strerror(rc));
	rc = seal_store_load_session(peer->account, peer->name, &peer->session, &missing);
	if (rc != SEAL_OK) {
		peer->session = NULL;
		if (!missing)
			purple_debug_error("seal", "session file unusable: %s\n", seal_strerror(rc));
	}
	if (peer->session != NULL)
		peer_check_session_key(peer);
	peer_load_seen(peer);
	peer->has_seal = peer->contact_known || peer->session != NULL;
	peer->state = seal_peer_current_state(peer);
}

seal_peer *seal_peer_get(PurpleAccount *account, const char *who)
{
	const char *normalized;
	char *key;
	seal_peer *peer;

	if (account == NULL || who == NULL || *who == '\0')
		return NULL;
	seal_peers_init();
	normalized = purple_normalize(account, who);
	if (normalized == NULL || *normalized == '\0')
		normalized = who;
	key = g_strdup_printf("%s\n%s\n%s", purple_account_get_protocol_id(account),
			      purple_account_get_username(account), normalized);
	peer = g_hash_table_lookup(seal_peer_table, key);
	if (peer != NULL) {
		g_free(key);
		if (g_strcmp0(peer->send_to, who) != 0) {
			g_free(peer->send_to);
			peer->send_to = g_strdup(who);
		}
		return peer;
	}
	peer = g_new0(seal_peer, 1);
	peer->account = account;
	peer->name = g_strdup(normalized);
	peer->send_to = g_strdup(who);
	peer->key = key;
	g_queue_init(&peer->held);
	g_queue_init(&peer->recent);
	peer_load(peer);
	g_hash_table_insert(seal_peer_table, peer->key, peer);
	return peer;
}

seal_conv_state seal_peer_current_state(const seal_peer *peer)
{
	if (peer->ended)
		return SEAL_STATE_ENDED;
	if (peer->contact_known && peer->contact.trust == SEAL_TRUST_CHANGED)
		return SEAL_STATE_KEY_CHANGED;
	if (peer->session != NULL)
		return (peer->contact_known && peer->contact.trust == SEAL_TRUST_VERIFIED)
			       ? SEAL_STATE_VERIFIED
			       : SEAL_STATE_UNVERIFIED;
	if (peer->hs != NULL || peer->held.length > 0)
		return SEAL_STATE_PENDING;
	return SEAL_STATE_PLAIN;
}

void seal_peer_update_state(seal_peer *peer)
{
	seal_conv_state state = seal_peer_current_state(peer);

	if (state == peer->state)
		return;
	peer->state = state;
	seal_ipc_emit_state_changed(peer->account, peer->name, state);
}

gboolean seal_peer_save_session(seal_peer *peer)
{
	int rc;

	if (peer->session == NULL)
		return FALSE;
	rc = seal_store_save_session(peer->account, peer->name, peer->session);
	if (rc != SEAL_OK)
		purple_debug_error("seal", "cannot save a session: %s\n", seal_strerror(rc));
	return rc == SEAL_OK;
}

gboolean seal_peer_save_contact(seal_peer *peer)
{
	int rc;

	if (!peer->contact_known)
		return FALSE;
	rc = seal_store_save_contact(peer->account, peer->name, &peer->contact);
	if (rc != SEAL_OK)
		purple_debug_error("seal", "cannot save a contact: %s\n", seal_strerror(rc));
	return rc == SEAL_OK;
}

void seal_peer_set_session(seal_peer *peer, seal_session *session)
{
	seal_session_free(peer->session);
	peer->session = session;
	peer->has_seal = TRUE;
	(void)seal_peer_save_session(peer);
}

void seal_peer_drop_session(seal_peer *peer)
{
	seal_handshake_free(peer->hs);
	peer->hs = NULL;
	seal_session_free(peer->session);
	peer->session = NULL;
	seal_store_forget_session(peer->account, peer->name);
}

void seal_peer_forget(seal_peer *peer)
{
	seal_peer_drop_session(peer);
	seal_store_forget_contact(peer->account, peer->name);
	seal_wipe(&peer->contact, sizeof(peer->contact));
	peer->contact_known = FALSE;
	peer->has_seal = FALSE;
	peer->ended = FALSE;
	/* typed messages stay held (and on disk): forgetting a key drops no text */
	g_queue_clear_full(&peer->recent, seal_sent_text_free);
	seal_peer_update_state(peer);
}

gboolean seal_peer_save_held(seal_peer *peer)
{
	int rc = seal_store_save_held(peer->account, peer->name, &peer->held);

	if (rc != SEAL_OK)
		purple_debug_error("seal", "cannot save held messages: %s\n", seal_strerror(rc));
	return rc == SEAL_OK;
}

void seal_peer_hold(seal_peer *peer, const char *plain)
{
	g_queue_push_tail(&peer->held, g_strdup(plain));
	(void)seal_peer_save_held(peer);
}

char *seal_peer_take_held(seal_peer *peer)
{
	char *plain = g_queue_pop_head(&peer->held);

	if (plain != NULL)
		(void)seal_peer_save_held(peer);
	return plain;
}

guint seal_peer_restore_held(seal_peer *peer, GPtrArray *texts)
{
	guint i;

	if (peer->held.length > 0)
		return 0; /* held in this run already: the file was written from it */
	for (i = 0; i < texts->len; i++)
		g_queue_push_tail(&peer->held, g_strdup(g_ptr_array_index(texts, i)));
	return texts->len;
}

guint seal_peer_held_count(const seal_peer *peer)
{
	return peer->held.length;
}

static void recent_expire(seal_peer *peer)
{
	gint64 oldest = seal_core_now_us() - (gint64)SEAL_RECENT_SECONDS * G_USEC_PER_SEC;
	seal_sent_text *head;

	while ((head = g_queue_peek_head(&peer->recent)) != NULL &&
	       (peer->recent.length > SEAL_RECENT_MAX || head->time_us < oldest))
		seal_sent_text_free(g_queue_pop_head(&peer->recent));
}

void seal_peer_remember_sent(seal_peer *peer, const char *plain,
			     const uint8_t id[SEAL_PAYLOAD_ID_LEN])
{
	seal_sent_text *sent = g_new0(seal_sent_text, 1);

	sent->text = g_strdup(plain);
	sent->time_us = seal_core_now_us();
	memcpy(sent->id, id, SEAL_PAYLOAD_ID_LEN);
	g_queue_push_tail(&peer->recent, sent);
	recent_expire(peer);
}

GList *seal_peer_recent_texts(seal_peer *peer)
{
	GList *texts = NULL;
	GList *l;

	recent_expire(peer);
	for (l = peer->recent.head; l != NULL; l = l->next) {
		seal_sent_text *copy = g_memdup2(l->data, sizeof(seal_sent_text));
		copy->text = g_strdup(copy->text);
		texts = g_list_prepend(texts, copy);
	}
	return g_list_reverse(texts);
}

gboolean seal_peer_seen_before(seal_peer *peer, const uint8_t id[SEAL_PAYLOAD_ID_LEN])
{
	guint i;

	for (i = 0; i < peer->seen_count; i++)
		if (memcmp(peer->seen[i], id, SEAL_PAYLOAD_ID_LEN) == 0)
			return TRUE;
	memcpy(peer->seen[peer->seen_next], id, SEAL_PAYLOAD_ID_LEN);
	peer->seen_next = (peer->seen_next + 1) % SEAL_SEEN_MAX;
	if (peer->seen_count < SEAL_SEEN_MAX)
		peer->seen_count++;
	return FALSE;
}
