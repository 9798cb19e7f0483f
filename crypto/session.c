/* Seal crypto library: session lifecycle, accessors and serialization.
 * The ratchet steps themselves are in ratchet.c. */
#include <gcrypt.h>
#include <stdlib.h>
#include <string.h>
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/ratchet.h"
#include "crypto/serial.h"
#include "crypto/session.h"

#define SESSION_VERSION 1
#define SESSION_FIXED_LEN (9 * 32 + SEAL_SESSION_ID_LEN + 3 * 4 + 1 + 4)
#define SESSION_SKIPPED_LEN (SEAL_X25519_LEN + 4 + SEAL_KEY_LEN)
#define FLAG_NEED_TURN 0x01
#define FLAG_HAS_RECV_PREV 0x02

static int session_alloc(seal_session **out)
{
	seal_session *s;
	int rc;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return SEAL_ERR_NOMEM;
	s->state = gcry_calloc_secure(1, sizeof(*s->state));
	if (s->state == NULL) {
		free(s);
		return SEAL_ERR_NOMEM;
	}
	rc = seal_crypto_ctx_new(&s->ctx);
	if (rc != SEAL_OK) {
		seal_session_free(s);
		return rc;
	}
	*out = s;
	return SEAL_OK;
}

int seal_session_create(seal_session **out, const seal_ratchet_state *initial)
{
	int rc;

	if (out == NULL || initial == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = session_alloc(out);
	if (rc == SEAL_OK)
		memcpy((*out)->state, initial, sizeof(*initial));
	return rc;
}

void seal_session_free(seal_session *s)
{
	if (s == NULL)
		return;
	if (s->state) {
		seal_wipe(s->state, sizeof(*s->state));
		gcry_free(s->state);
	}
	seal_skipped_clear(&s->skipped);
	seal_crypto_ctx_free(s->ctx);
	free(s);
}

const uint8_t *seal_session_peer_identity(const seal_session *s)
{
	return s ? s->state->peer_pub : NULL;
}

const uint8_t *seal_session_self_identity(const seal_session *s)
{
	return s ? s->state->self_pub : NULL;
}

int seal_session_id(const seal_session *s, uint8_t out[SEAL_SESSION_ID_LEN])
{
	if (s == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	memcpy(out, s->state->session_id, SEAL_SESSION_ID_LEN);
	return SEAL_OK;
}

/* ---------------------------------------------------------- serialization */

static void write_state(seal_writer *w, const seal_ratchet_state *st)
{
	seal_writer_bytes(w, st->self_pub, SEAL_IDENTITY_PUB_LEN);
	seal_writer_bytes(w, st->peer_pub, SEAL_IDENTITY_PUB_LEN);
	seal_writer_bytes(w, st->session_id, SEAL_SESSION_ID_LEN);
	seal_writer_bytes(w, st->root_key, SEAL_KEY_LEN);
	seal_writer_bytes(w, st->send_chain, SEAL_KEY_LEN);
	seal_writer_bytes(w, st->recv_chain, SEAL_KEY_LEN);
	seal_writer_bytes(w, st->dh_send_secret, SEAL_X25519_LEN);
	seal_writer_bytes(w, st->dh_send_pub, SEAL_X25519_LEN);
	seal_writer_bytes(w, st->dh_recv, SEAL_X25519_LEN);
	seal_writer_bytes(w, st->dh_recv_prev, SEAL_X25519_LEN);
	seal_writer_u32(w, st->send_n);
	seal_writer_u32(w, st->recv_n);
	seal_writer_u32(w, st->prev_send_n);
	seal_writer_u8(w, (uint8_t)((st->need_turn ? FLAG_NEED_TURN : 0) |
				    (st->has_recv_prev ? FLAG_HAS_RECV_PREV : 0)));
}

int seal_session_save(const seal_session *s, seal_buf *out)
{
	seal_writer w;
	size_t i;
	int rc;

	if (s == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_serial_begin(out, &w, SEAL_KIND_SESSION, SESSION_VERSION,
			       SESSION_FIXED_LEN + s->skipped.len * SESSION_SKIPPED_LEN, 1);
	if (rc != SEAL_OK)
		return rc;
	write_state(&w, s->state);
	seal_writer_u32(&w, (uint32_t)s->skipped.len);
	for (i = 0; i < s->skipped.len; i++) {
		const seal_skipped_key *k = &s->skipped.keys[i];

		seal_writer_bytes(&w, k->ratchet_pub, SEAL_X25519_LEN);
		seal_writer_u32(&w, k->n);
		seal_writer_bytes(&w, k->message_key, SEAL_KEY_LEN);
	}
	return seal_serial_seal(out, &w);
}

static int read_state(seal_reader *r, seal_ratchet_state *st)
{
	uint8_t flags;

	seal_reader_bytes(r, st->self_pub, SEAL_IDENTITY_PUB_LEN);
	seal_reader_bytes(r, st->peer_pub, SEAL_IDENTITY_PUB_LEN);
	seal_reader_bytes(r, st->session_id, SEAL_SESSION_ID_LEN);
	seal_reader_bytes(r, st->root_key, SEAL_KEY_LEN);
	seal_reader_bytes(r, st->send_chain, SEAL_KEY_LEN);
	seal_reader_bytes(r, st->recv_chain, SEAL_KEY_LEN);
	seal_reader_bytes(r, st->dh_send_secret, SEAL_X25519_LEN);
	seal_reader_bytes(r, st->dh_send_pub, SEAL_X25519_LEN);
	seal_reader_bytes(r, st->dh_recv, SEAL_X25519_LEN);
	seal_reader_bytes(r, st->dh_recv_prev, SEAL_X25519_LEN);
	st->send_n = seal_reader_u32(r);
	st->recv_n = seal_reader_u32(r);
	st->prev_send_n = seal_reader_u32(r);
	flags = seal_reader_u8(r);
	if (r->truncated)
		return SEAL_ERR_TRUNCATED;
	if (flags & ~(FLAG_NEED_TURN | FLAG_HAS_RECV_PREV))
		return SEAL_ERR_MALFORMED;
	st->need_turn = (flags & FLAG_NEED_TURN) ? 1 : 0;
	st->has_recv_prev = (flags & FLAG_HAS_RECV_PREV) ? 1 : 0;
	return SEAL_OK;
}

static int read_skipped(seal_reader *r, seal_skipped_store *store)
{
	uint32_t count = seal_reader_u32(r), i;
	int rc;

	if (r->truncated)
		return SEAL_ERR_TRUNCATED;
	if (count > SEAL_MAX_SKIPPED)
		return SEAL_ERR_MALFORMED;
	if ((size_t)count * SESSION_SKIPPED_LEN > r->len - r->pos)
		return SEAL_ERR_TRUNCATED;
	rc = seal_skipped_reserve(store, count);
	if (rc != SEAL_OK)
		return rc;
	for (i = 0; i < count; i++) {
		seal_skipped_key *k = &store->keys[i];

		seal_reader_bytes(r, k->ratchet_pub, SEAL_X25519_LEN);
		k->n = seal_reader_u32(r);
		seal_reader_bytes(r, k->message_key, SEAL_KEY_LEN);
	}
	store->len = count;
	return SEAL_OK;
}

/* The stored sending ratchet key must match its secret. */
static int check_ratchet_pair(const seal_ratchet_state *st)
{
	uint8_t derived[SEAL_X25519_LEN];
	int rc;

	rc = seal_x25519_public(derived, st->dh_send_secret);
	if (rc == SEAL_OK && memcmp(derived, st->dh_send_pub, SEAL_X25519_LEN) != 0)
		rc = SEAL_ERR_MALFORMED;
	seal_wipe(derived, sizeof(derived));
	return rc;
}

int seal_session_load(seal_session **out, const uint8_t *data, size_t len)
{
	seal_session *s = NULL;
	seal_reader r;
	int rc;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	*out = NULL;
	rc = seal_crypto_init();
	if (rc == SEAL_OK)
		rc = seal_serial_open(data, len, SEAL_KIND_SESSION, SESSION_VERSION, &r);
	if (rc == SEAL_OK)
		rc = session_alloc(&s);
	if (rc == SEAL_OK)
		rc = read_state(&r, s->state);
	if (rc == SEAL_OK)
		rc = read_skipped(&r, &s->skipped);
	if (rc == SEAL_OK)
		rc = seal_reader_finish(&r);
	if (rc == SEAL_OK)
		rc = check_ratchet_pair(s->state);
	if (rc != SEAL_OK) {
		seal_session_free(s);
		return rc;
	}
	*out = s;
	return SEAL_OK;
}
