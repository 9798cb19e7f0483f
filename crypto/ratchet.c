/* Seal crypto library: the Double Ratchet steps (encrypt, decrypt) and the
 * skipped-key store.  Decryption is transactional: every new value is
 * computed on scratch copies and committed only after the tag verified. */
#include <gcrypt.h>
#include <string.h>
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/ratchet.h"
#include "crypto/serial.h"
#include "crypto/wire.h"

#define INFO_RATCHET "SEAL1 ratchet"
#define HMAC_BLOCK 64
#define INFO_MAX_LEN 16
#define AD_LEN (SEAL_SESSION_ID_LEN + SEAL_DATA_HEADER_LEN)
#define MAX_PAYLOAD (SEAL_WIRE_MAX_MESSAGE - SEAL_DATA_OVERHEAD)
#define PUB_OFFSET 2
#define PN_OFFSET (PUB_OFFSET + SEAL_X25519_LEN)
#define N_OFFSET (PN_OFFSET + 4)

/* ---------------------------------------------------------------- store */

int seal_skipped_reserve(seal_skipped_store *store, size_t count)
{
	size_t want = store->len + count, cap;
	seal_skipped_key *keys;

	if (want > SEAL_MAX_SKIPPED)
		want = SEAL_MAX_SKIPPED;
	if (want <= store->cap)
		return SEAL_OK;
	cap = store->cap ? store->cap : 16;
	while (cap < want)
		cap *= 2;
	if (cap > SEAL_MAX_SKIPPED)
		cap = SEAL_MAX_SKIPPED;
	keys = gcry_malloc_secure(cap * sizeof(*keys));
	if (keys == NULL)
		return SEAL_ERR_NOMEM;
	if (store->len)
		memcpy(keys, store->keys, store->len * sizeof(*keys));
	if (store->keys) {
		seal_wipe(store->keys, store->cap * sizeof(*keys));
		gcry_free(store->keys);
	}
	store->keys = keys;
	store->cap = cap;
	return SEAL_OK;
}

void seal_skipped_append(seal_skipped_store *store, const seal_skipped_key *keys, size_t count)
{
	size_t drop;

	if (count == 0)
		return;
	if (store->len + count > SEAL_MAX_SKIPPED) {
		drop = store->len + count - SEAL_MAX_SKIPPED;
		seal_wipe(store->keys, drop * sizeof(*keys));
		memmove(store->keys, store->keys + drop, (store->len - drop) * sizeof(*keys));
		store->len -= drop;
	}
	memcpy(store->keys + store->len, keys, count * sizeof(*keys));
	store->len += count;
}

long seal_skipped_find(const seal_skipped_store *store, const uint8_t pub[SEAL_X25519_LEN], uint32_t n)
{
	size_t i;

	for (i = store->len; i-- > 0;) {
		const seal_skipped_key *k = &store->keys[i];

		if (k->n == n && memcmp(k->ratchet_pub, pub, SEAL_X25519_LEN) == 0)
			return (long)i;
	}
	return -1;
}

int seal_skipped_has_chain(const seal_skipped_store *store, const uint8_t pub[SEAL_X25519_LEN])
{
	size_t i;

	for (i = 0; i < store->len; i++)
		if (memcmp(store->keys[i].ratchet_pub, pub, SEAL_X25519_LEN) == 0)
			return 1;
	return 0;
}

void seal_skipped_remove(seal_skipped_store *store, size_t index)
{
	if (index >= store->len)
		return;
	memmove(store->keys + index, store->keys + index + 1,
		(store->len - index - 1) * sizeof(*store->keys));
	store->len--;
	seal_wipe(store->keys + store->len, sizeof(*store->keys));
}

void seal_skipped_clear(seal_skipped_store *store)
{
	if (store->keys) {
		seal_wipe(store->keys, store->cap * sizeof(*store->keys));
		gcry_free(store->keys);
	}
	store->keys = NULL;
	store->len = 0;
	store->cap = 0;
}

/* ------------------------------------------------------------------ KDFs */

/* HKDF-SHA256 (RFC 5869) on the session's reused MAC handle; out_len <= 64. */
static int ctx_hkdf(seal_crypto_ctx *ctx, uint8_t *out, size_t out_len,
		    const uint8_t salt[SEAL_KEY_LEN], const uint8_t *ikm, size_t ikm_len,
		    const char *info)
{
	uint8_t prk[SEAL_SHA256_LEN], block[SEAL_SHA256_LEN];
	uint8_t input[SEAL_SHA256_LEN + INFO_MAX_LEN + 1];
	size_t info_len = strlen(info), done = 0, in_len, take;
	uint8_t counter = 1;
	int rc;

	if (info_len > INFO_MAX_LEN || out_len > 2 * SEAL_SHA256_LEN)
		return SEAL_ERR_ARGUMENT;
	rc = seal_ctx_hmac_sha256(ctx, prk, salt, SEAL_KEY_LEN, ikm, ikm_len);
	while (rc == SEAL_OK && done < out_len) {
		in_len = 0;
		if (counter > 1) {
			memcpy(input, block, SEAL_SHA256_LEN);
			in_len = SEAL_SHA256_LEN;
		}
		memcpy(input + in_len, info, info_len);
		in_len += info_len;
		input[in_len++] = counter++;
		rc = seal_ctx_hmac_sha256(ctx, block, prk, sizeof(prk), input, in_len);
		if (rc != SEAL_OK)
			break;
		take = out_len - done < SEAL_SHA256_LEN ? out_len - done : SEAL_SHA256_LEN;
		memcpy(out + done, block, take);
		done += take;
	}
	seal_wipe(prk, sizeof(prk));
	seal_wipe(block, sizeof(block));
	seal_wipe(input, sizeof(input));
	return rc;
}

/* KDF_RK: (root, chain) = HKDF(salt = root, ikm = dh, "SEAL1 ratchet"). */
static int kdf_root(seal_crypto_ctx *ctx, uint8_t root[SEAL_KEY_LEN], uint8_t chain[SEAL_KEY_LEN],
		    const uint8_t dh[SEAL_X25519_LEN])
{
	uint8_t okm[2 * SEAL_KEY_LEN];
	int rc;

	rc = ctx_hkdf(ctx, okm, sizeof(okm), root, dh, SEAL_X25519_LEN, INFO_RATCHET);
	if (rc == SEAL_OK) {
		memcpy(root, okm, SEAL_KEY_LEN);
		memcpy(chain, okm + SEAL_KEY_LEN, SEAL_KEY_LEN);
	}
	seal_wipe(okm, sizeof(okm));
	return rc;
}

/* Overwrite the stack below the caller with zeros: libgcrypt's one-shot hash
 * leaves its last digest in a dead stack frame. */
__attribute__((noinline)) static void burn_stack(void)
{
	uint8_t scratch[1024];

	seal_wipe(scratch, sizeof(scratch));
}

/* HMAC-SHA256 (RFC 2104) of a one-byte message under a 32-byte key, from the
 * key's padded blocks: SHA-256(opad || SHA-256(ipad || byte)). */
static int hmac_byte(uint8_t out[SEAL_SHA256_LEN], const uint8_t ipad[HMAC_BLOCK],
		     const uint8_t opad[HMAC_BLOCK], uint8_t byte)
{
	gcry_buffer_t iov[2];
	uint8_t inner[SEAL_SHA256_LEN];
	int rc = SEAL_OK;

	memset(iov, 0, sizeof(iov));
	iov[0].data = (void *)ipad;
	iov[0].len = HMAC_BLOCK;
	iov[1].data = &byte;
	iov[1].len = 1;
	if (gcry_md_hash_buffers(GCRY_MD_SHA256, 0, inner, iov, 2) != 0)
		rc = SEAL_ERR_CRYPTO;
	iov[0].data = (void *)opad;
	iov[1].data = inner;
	iov[1].len = SEAL_SHA256_LEN;
	if (rc == SEAL_OK && gcry_md_hash_buffers(GCRY_MD_SHA256, 0, out, iov, 2) != 0)
		rc = SEAL_ERR_CRYPTO;
	seal_wipe(inner, sizeof(inner));
	return rc;
}

/* KDF_CK: message key = HMAC(ck, 0x01); ck = HMAC(ck, 0x02).  This runs for
 * every message, so it hashes the key's padded blocks directly (four
 * one-shot SHA-256 calls) instead of keying a MAC handle twice. */
int seal_ratchet_chain_step(uint8_t chain[SEAL_KEY_LEN], uint8_t message_key[SEAL_KEY_LEN])
{
	uint8_t ipad[HMAC_BLOCK], opad[HMAC_BLOCK], next[SEAL_KEY_LEN];
	size_t i;
	int rc;

	for (i = 0; i < SEAL_KEY_LEN; i++) {
		ipad[i] = chain[i] ^ 0x36;
		opad[i] = chain[i] ^ 0x5c;
	}
	memset(ipad + SEAL_KEY_LEN, 0x36, HMAC_BLOCK - SEAL_KEY_LEN); /* the key's zero padding */
	memset(opad + SEAL_KEY_LEN, 0x5c, HMAC_BLOCK - SEAL_KEY_LEN);
	rc = hmac_byte(message_key, ipad, opad, 0x01);
	if (rc == SEAL_OK)
		rc = hmac_byte(next, ipad, opad, 0x02);
	if (rc == SEAL_OK)
		memcpy(chain, next, SEAL_KEY_LEN);
	else
		seal_wipe(message_key, SEAL_KEY_LEN);
	seal_wipe(ipad, sizeof(ipad));
	seal_wipe(opad, sizeof(opad));
	seal_wipe(next, sizeof(next));
	burn_stack();
	return rc;
}

/* Every message key encrypts exactly one message, so the nonce is constant. */
static const uint8_t zero_nonce[SEAL_AEAD_NONCE_LEN];

/* AD = session id || type | version | header. */
static void build_ad(uint8_t ad[AD_LEN], const seal_ratchet_state *st, const uint8_t *msg)
{
	memcpy(ad, st->session_id, SEAL_SESSION_ID_LEN);
	memcpy(ad + SEAL_SESSION_ID_LEN, msg, SEAL_DATA_HEADER_LEN);
}

/* --------------------------------------------------------------- encrypt */

/* Scratch copy of the sending half of the state. */
typedef struct {
	uint8_t root_key[SEAL_KEY_LEN];
	uint8_t chain[SEAL_KEY_LEN];
	uint8_t secret[SEAL_X25519_LEN];
	uint8_t pub[SEAL_X25519_LEN];
	uint32_t prev_n;
	uint32_t n;
} send_step;

/* The lazy DH turn: a fresh ratchet key and a new sending chain. */
static int send_turn(seal_session *s, send_step *step)
{
	uint8_t dh[SEAL_X25519_LEN];
	int rc;

	rc = seal_x25519_keypair(step->secret, step->pub);
	if (rc == SEAL_OK)
		rc = seal_x25519(dh, step->secret, s->state->dh_recv);
	if (rc == SEAL_OK)
		rc = kdf_root(s->ctx, step->root_key, step->chain, dh);
	step->prev_n = s->state->send_n;
	step->n = 0;
	seal_wipe(dh, sizeof(dh));
	return rc;
}

static void send_commit(seal_ratchet_state *st, const send_step *step)
{
	memcpy(st->root_key, step->root_key, SEAL_KEY_LEN);
	memcpy(st->send_chain, step->chain, SEAL_KEY_LEN);
	memcpy(st->dh_send_secret, step->secret, SEAL_X25519_LEN);
	memcpy(st->dh_send_pub, step->pub, SEAL_X25519_LEN);
	st->prev_send_n = step->prev_n;
	st->send_n = step->n + 1;
	st->need_turn = 0;
}

/* Next message key of the sending chain, header, AEAD: the DATA message. */
static int build_data_message(seal_session *s, send_step *step, const uint8_t *payload,
			      size_t len, seal_buf *msg)
{
	uint8_t message_key[SEAL_KEY_LEN], ad[AD_LEN];
	int rc;

	rc = seal_ratchet_chain_step(step->chain, message_key);
	if (rc == SEAL_OK)
		rc = seal_buf_alloc(msg, SEAL_DATA_OVERHEAD + len, 0);
	if (rc == SEAL_OK) {
		msg->data[0] = SEAL_MSG_DATA;
		msg->data[1] = SEAL_PROTOCOL_VERSION;
		memcpy(msg->data + PUB_OFFSET, step->pub, SEAL_X25519_LEN);
		seal_put_u32(msg->data + PN_OFFSET, step->prev_n);
		seal_put_u32(msg->data + N_OFFSET, step->n);
		build_ad(ad, s->state, msg->data);
		rc = seal_ctx_aead_encrypt(s->ctx, msg->data + SEAL_DATA_HEADER_LEN, message_key,
					   zero_nonce, ad, sizeof(ad), payload, len);
		if (rc != SEAL_OK)
			seal_buf_free(msg);
	}
	seal_wipe(message_key, sizeof(message_key));
	return rc;
}

int seal_session_encrypt(seal_session *s, const uint8_t *payload, size_t len, seal_buf *out)
{
	seal_ratchet_state *st;
	seal_buf msg = SEAL_BUF_INIT;
	send_step step;
	int rc = SEAL_OK;

	if (s == NULL || out == NULL || (payload == NULL && len > 0))
		return SEAL_ERR_ARGUMENT;
	if (len > MAX_PAYLOAD)
		return SEAL_ERR_TOO_LARGE;
	st = s->state;
	memcpy(step.root_key, st->root_key, SEAL_KEY_LEN);
	memcpy(step.chain, st->send_chain, SEAL_KEY_LEN);
	memcpy(step.secret, st->dh_send_secret, SEAL_X25519_LEN);
	memcpy(step.pub, st->dh_send_pub, SEAL_X25519_LEN);
	step.prev_n = st->prev_send_n;
	step.n = st->send_n;
	if (st->need_turn)
		rc = send_turn(s, &step);
	else if (step.n >= UINT32_MAX - 1)
		rc = SEAL_ERR_LIMIT;
	if (rc == SEAL_OK)
		rc = build_data_message(s, &step, payload, len, &msg);
	if (rc == SEAL_OK) {
		send_commit(st, &step);
		*out = msg;
	}
	seal_wipe(&step, sizeof(step));
	return rc;
}

/* --------------------------------------------------------------- decrypt */

typedef struct {
	const uint8_t *pub;
	uint32_t prev_n;
	uint32_t n;
} data_header;

static int parse_data_header(const uint8_t *msg, size_t len, data_header *h)
{
	if (len < 2)
		return SEAL_ERR_TRUNCATED;
	if (msg[0] != SEAL_MSG_DATA)
		return SEAL_ERR_MALFORMED;
	if (msg[1] != SEAL_PROTOCOL_VERSION)
		return SEAL_ERR_VERSION;
	if (len < SEAL_DATA_OVERHEAD)
		return SEAL_ERR_TRUNCATED;
	if (len - SEAL_DATA_OVERHEAD > MAX_PAYLOAD)
		return SEAL_ERR_TOO_LARGE;
	h->pub = msg + PUB_OFFSET;
	h->prev_n = seal_get_u32(msg + PN_OFFSET);
	h->n = seal_get_u32(msg + N_OFFSET);
	if (h->n >= UINT32_MAX - 1)
		return SEAL_ERR_MALFORMED; /* never sent; keeps n + 1 from wrapping */
	return SEAL_OK;
}

/* Verify and decrypt a DATA message with its message key. */
static int open_data_message(seal_session *s, const uint8_t message_key[SEAL_KEY_LEN],
			     const uint8_t *msg, size_t len, seal_buf *out)
{
	uint8_t ad[AD_LEN];
	seal_buf plain = SEAL_BUF_INIT;
	int rc;

	rc = seal_buf_alloc(&plain, len - SEAL_DATA_OVERHEAD, 1);
	if (rc == SEAL_OK) {
		build_ad(ad, s->state, msg);
		rc = seal_ctx_aead_decrypt(s->ctx, plain.data, message_key, zero_nonce, ad,
					   sizeof(ad), msg + SEAL_DATA_HEADER_LEN,
					   len - SEAL_DATA_HEADER_LEN);
		if (rc == SEAL_OK)
			*out = plain;
		else
			seal_buf_free(&plain);
	}
	return rc;
}

/* Scratch copy of the receiving half of the state. */
typedef struct {
	uint8_t root_key[SEAL_KEY_LEN];
	uint8_t chain[SEAL_KEY_LEN];
	uint8_t message_key[SEAL_KEY_LEN];
	seal_skipped_key *pending; /* keys to store if the message verifies */
	size_t pending_len;
	size_t pending_cap;
} recv_step;

static int recv_step_init(recv_step *step, const seal_ratchet_state *st, size_t skips)
{
	memset(step, 0, sizeof(*step));
	memcpy(step->root_key, st->root_key, SEAL_KEY_LEN);
	memcpy(step->chain, st->recv_chain, SEAL_KEY_LEN);
	if (skips == 0)
		return SEAL_OK;
	step->pending = gcry_malloc_secure(skips * sizeof(*step->pending));
	if (step->pending == NULL)
		return SEAL_ERR_NOMEM;
	step->pending_cap = skips;
	return SEAL_OK;
}

static void recv_step_wipe(recv_step *step)
{
	if (step->pending) {
		seal_wipe(step->pending, step->pending_cap * sizeof(*step->pending));
		gcry_free(step->pending);
	}
	seal_wipe(step, sizeof(*step));
}

/* Keep the keys of messages from..to-1 of the step's chain for later. */
static int skip_chain_keys(recv_step *step, const uint8_t pub[SEAL_X25519_LEN], uint32_t from,
			   uint32_t to)
{
	int rc = SEAL_OK;

	for (; from < to && rc == SEAL_OK; from++) {
		seal_skipped_key *k;

		if (step->pending_len >= step->pending_cap)
			return SEAL_ERR_TOO_MANY_SKIPPED;
		k = &step->pending[step->pending_len++];
		memcpy(k->ratchet_pub, pub, SEAL_X25519_LEN);
		k->n = from;
		rc = seal_ratchet_chain_step(step->chain, k->message_key);
	}
	return rc;
}

static int decrypt_skipped(seal_session *s, size_t index, const uint8_t *msg, size_t len,
			   seal_buf *out)
{
	int rc = open_data_message(s, s->skipped.keys[index].message_key, msg, len, out);

	if (rc == SEAL_OK)
		seal_skipped_remove(&s->skipped, index);
	return rc;
}

/* A message of the current receiving chain. */
static int decrypt_current_chain(seal_session *s, const data_header *h, const uint8_t *msg,
				 size_t len, seal_buf *out)
{
	seal_ratchet_state *st = s->state;
	recv_step step;
	int rc;

	if (h->n < st->recv_n)
		return SEAL_ERR_REPLAY;
	if (h->n - st->recv_n > SEAL_MAX_SKIPPED)
		return SEAL_ERR_TOO_MANY_SKIPPED;
	rc = recv_step_init(&step, st, h->n - st->recv_n);
	if (rc == SEAL_OK)
		rc = skip_chain_keys(&step, h->pub, st->recv_n, h->n);
	if (rc == SEAL_OK)
		rc = seal_ratchet_chain_step(step.chain, step.message_key);
	if (rc == SEAL_OK)
		rc = seal_skipped_reserve(&s->skipped, step.pending_len);
	if (rc == SEAL_OK)
		rc = open_data_message(s, step.message_key, msg, len, out);
	if (rc == SEAL_OK) {
		memcpy(st->recv_chain, step.chain, SEAL_KEY_LEN);
		st->recv_n = h->n + 1;
		seal_skipped_append(&s->skipped, step.pending, step.pending_len);
	}
	recv_step_wipe(&step);
	return rc;
}

/* The first message under a new ratchet key from the peer: a DH turn. */
static int decrypt_new_chain(seal_session *s, const data_header *h, const uint8_t *msg,
			     size_t len, seal_buf *out)
{
	seal_ratchet_state *st = s->state;
	uint8_t dh[SEAL_X25519_LEN];
	uint64_t old_skips = h->prev_n > st->recv_n ? h->prev_n - st->recv_n : 0;
	recv_step step;
	int rc;

	if (old_skips + h->n > SEAL_MAX_SKIPPED)
		return SEAL_ERR_TOO_MANY_SKIPPED;
	rc = recv_step_init(&step, st, (size_t)(old_skips + h->n));
	if (rc == SEAL_OK && old_skips)
		rc = skip_chain_keys(&step, st->dh_recv, st->recv_n, h->prev_n);
	if (rc == SEAL_OK)
		rc = seal_x25519(dh, st->dh_send_secret, h->pub);
	if (rc == SEAL_OK)
		rc = kdf_root(s->ctx, step.root_key, step.chain, dh);
	if (rc == SEAL_OK)
		rc = skip_chain_keys(&step, h->pub, 0, h->n);
	if (rc == SEAL_OK)
		rc = seal_ratchet_chain_step(step.chain, step.message_key);
	if (rc == SEAL_OK)
		rc = seal_skipped_reserve(&s->skipped, step.pending_len);
	if (rc == SEAL_OK)
		rc = open_data_message(s, step.message_key, msg, len, out);
	if (rc == SEAL_OK) {
		memcpy(st->root_key, step.root_key, SEAL_KEY_LEN);
		memcpy(st->recv_chain, step.chain, SEAL_KEY_LEN);
		memcpy(st->dh_recv_prev, st->dh_recv, SEAL_X25519_LEN);
		memcpy(st->dh_recv, h->pub, SEAL_X25519_LEN);
		st->has_recv_prev = 1;
		st->recv_n = h->n + 1;
		st->need_turn = 1;
		seal_skipped_append(&s->skipped, step.pending, step.pending_len);
	}
	seal_wipe(dh, sizeof(dh));
	recv_step_wipe(&step);
	return rc;
}

int seal_session_decrypt(seal_session *s, const uint8_t *msg, size_t len, seal_buf *out)
{
	const seal_ratchet_state *st;
	data_header h;
	long index;
	int rc;

	if (s == NULL || out == NULL || (msg == NULL && len > 0))
		return SEAL_ERR_ARGUMENT;
	rc = parse_data_header(msg, len, &h);
	if (rc != SEAL_OK)
		return rc;
	st = s->state;
	index = seal_skipped_find(&s->skipped, h.pub, h.n);
	if (index >= 0)
		return decrypt_skipped(s, (size_t)index, msg, len, out);
	if (memcmp(h.pub, st->dh_recv, SEAL_X25519_LEN) == 0)
		return decrypt_current_chain(s, &h, msg, len, out);
	if (st->has_recv_prev && memcmp(h.pub, st->dh_recv_prev, SEAL_X25519_LEN) == 0)
		return SEAL_ERR_REPLAY;
	if (seal_skipped_has_chain(&s->skipped, h.pub))
		return SEAL_ERR_REPLAY; /* an older chain we still hold keys of */
	if (memcmp(h.pub, st->dh_send_pub, SEAL_X25519_LEN) == 0)
		return SEAL_ERR_REFLECTED;
	return decrypt_new_chain(s, &h, msg, len, out);
}
