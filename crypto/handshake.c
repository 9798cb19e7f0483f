/* Seal crypto library: the one-time triple-DH handshake with key confirmation.
 *
 *   INIT     = type | ver | IA (32) | EA (32) | nonceA (16)
 *   RESPONSE = type | ver | IB (32) | EB (32) | nonceB (16) | MAC_B (32)
 *   CONFIRM  = type | ver | MAC_A (32)
 *
 * See docs/PROTOCOL.md, "Handshake". */
#include <gcrypt.h>
#include <string.h>
#include "crypto/error.h"
#include "crypto/handshake.h"
#include "crypto/identity_private.h"
#include "crypto/primitives.h"
#include "crypto/ratchet.h"
#include "crypto/serial.h"
#include "crypto/wire.h"

#define NONCE_LEN 16
#define MAC_LEN SEAL_SHA256_LEN
#define INIT_LEN (2 + SEAL_X25519_LEN + SEAL_X25519_LEN + NONCE_LEN)
#define RESPONSE_LEN (INIT_LEN + MAC_LEN)
#define CONFIRM_LEN (2 + MAC_LEN)
#define IDENTITY_OFFSET 2
#define EPHEMERAL_OFFSET (IDENTITY_OFFSET + SEAL_X25519_LEN)
#define NONCE_OFFSET (EPHEMERAL_OFFSET + SEAL_X25519_LEN)
#define MAC_OFFSET (NONCE_OFFSET + NONCE_LEN)
#define INFO_HANDSHAKE "SEAL1 handshake"
#define LABEL_RESPONDER "SEAL1 responder"
#define LABEL_INITIATOR "SEAL1 initiator"
#define LABEL_LEN 15
#define HANDSHAKE_VERSION 1
#define KEYS_LEN (5 * SEAL_KEY_LEN + SEAL_SESSION_ID_LEN)
#define HANDSHAKE_BODY_LEN                                                              \
	(1 + SEAL_IDENTITY_PUB_LEN + 2 * SEAL_X25519_LEN + INIT_LEN + SEAL_IDENTITY_PUB_LEN + \
	 1 + SEAL_X25519_LEN + RESPONSE_LEN + SEAL_SHA256_LEN + KEYS_LEN)

typedef enum {
	ROLE_INITIATOR = 1,
	ROLE_RESPONDER = 2,
} handshake_role;

/* HKDF(salt = TH, ikm = DH1 || DH2 || DH3, "SEAL1 handshake"), in this order. */
typedef struct {
	uint8_t root_key[SEAL_KEY_LEN];
	uint8_t chain_ir[SEAL_KEY_LEN]; /* initiator -> responder */
	uint8_t chain_ri[SEAL_KEY_LEN]; /* responder -> initiator */
	uint8_t mac_key_responder[SEAL_KEY_LEN];
	uint8_t mac_key_initiator[SEAL_KEY_LEN];
	uint8_t session_id[SEAL_SESSION_ID_LEN];
} handshake_keys;

/* Pending handshake; the whole structure lives in secure memory. */
struct seal_handshake {
	handshake_role role;
	uint8_t self_pub[SEAL_IDENTITY_PUB_LEN];
	uint8_t eph_secret[SEAL_X25519_LEN];
	uint8_t eph_pub[SEAL_X25519_LEN];
	uint8_t init_msg[INIT_LEN]; /* initiator: the INIT we sent; responder: the one received */
	uint8_t peer_pub[SEAL_IDENTITY_PUB_LEN];
	int has_peer;
	/* responder only */
	uint8_t peer_eph[SEAL_X25519_LEN];
	uint8_t response_msg[RESPONSE_LEN];
	uint8_t transcript[SEAL_SHA256_LEN];
	handshake_keys keys;
};

static seal_handshake *handshake_alloc(handshake_role role, const seal_identity *self)
{
	seal_handshake *hs = gcry_calloc_secure(1, sizeof(*hs));

	if (hs == NULL)
		return NULL;
	hs->role = role;
	memcpy(hs->self_pub, seal_identity_public(self), SEAL_IDENTITY_PUB_LEN);
	return hs;
}

void seal_handshake_free(seal_handshake *hs)
{
	if (hs == NULL)
		return;
	seal_wipe(hs, sizeof(*hs));
	gcry_free(hs);
}

int seal_handshake_peer_identity(const seal_handshake *hs, uint8_t out[SEAL_IDENTITY_PUB_LEN])
{
	if (hs == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	if (!hs->has_peer)
		return SEAL_ERR_STATE;
	memcpy(out, hs->peer_pub, SEAL_IDENTITY_PUB_LEN);
	return SEAL_OK;
}

static int copy_to_buf(seal_buf *out, const uint8_t *data, size_t len)
{
	int rc = seal_buf_alloc(out, len, 0);

	if (rc == SEAL_OK)
		memcpy(out->data, data, len);
	return rc;
}

/* ------------------------------------------------------------ key schedule */

/* TH = SHA-256(INIT || IB || EB || nonceB); the RESPONSE's first 82 bytes
 * after its type and version are exactly IB || EB || nonceB. */
static int transcript_hash(uint8_t th[SEAL_SHA256_LEN], const uint8_t init[INIT_LEN],
			   const uint8_t *response_fields)
{
	uint8_t input[INIT_LEN + INIT_LEN - 2];

	memcpy(input, init, INIT_LEN);
	memcpy(input + INIT_LEN, response_fields, INIT_LEN - 2);
	return seal_sha256(th, input, sizeof(input));
}

static int derive_keys(handshake_keys *keys, const uint8_t ikm[3 * SEAL_X25519_LEN],
		       const uint8_t th[SEAL_SHA256_LEN])
{
	uint8_t okm[5 * SEAL_KEY_LEN + SEAL_SESSION_ID_LEN];
	int rc;

	rc = seal_hkdf_sha256(okm, sizeof(okm), th, SEAL_SHA256_LEN, ikm, 3 * SEAL_X25519_LEN,
			      (const uint8_t *)INFO_HANDSHAKE, sizeof(INFO_HANDSHAKE) - 1);
	if (rc == SEAL_OK) {
		memcpy(keys->root_key, okm, SEAL_KEY_LEN);
		memcpy(keys->chain_ir, okm + 32, SEAL_KEY_LEN);
		memcpy(keys->chain_ri, okm + 64, SEAL_KEY_LEN);
		memcpy(keys->mac_key_responder, okm + 96, SEAL_KEY_LEN);
		memcpy(keys->mac_key_initiator, okm + 128, SEAL_KEY_LEN);
		memcpy(keys->session_id, okm + 160, SEAL_SESSION_ID_LEN);
	}
	seal_wipe(okm, sizeof(okm));
	return rc;
}

/* Three X25519 products into ikm (DH1 || DH2 || DH3); the caller orders the
 * operands so that both ends compute the same values. */
static int triple_dh(uint8_t ikm[3 * SEAL_X25519_LEN],
		     const uint8_t *s1, const uint8_t *p1, const uint8_t *s2, const uint8_t *p2,
		     const uint8_t *s3, const uint8_t *p3)
{
	int rc;

	rc = seal_x25519(ikm, s1, p1);
	if (rc == SEAL_OK)
		rc = seal_x25519(ikm + SEAL_X25519_LEN, s2, p2);
	if (rc == SEAL_OK)
		rc = seal_x25519(ikm + 2 * SEAL_X25519_LEN, s3, p3);
	if (rc != SEAL_OK)
		seal_wipe(ikm, 3 * SEAL_X25519_LEN);
	return rc;
}

/* MAC_B = HMAC(km_r, "SEAL1 responder" || TH). */
static int responder_mac(uint8_t mac[MAC_LEN], const handshake_keys *keys,
			 const uint8_t th[SEAL_SHA256_LEN])
{
	uint8_t input[LABEL_LEN + SEAL_SHA256_LEN];

	memcpy(input, LABEL_RESPONDER, LABEL_LEN);
	memcpy(input + LABEL_LEN, th, SEAL_SHA256_LEN);
	return seal_hmac_sha256(mac, keys->mac_key_responder, SEAL_KEY_LEN, input, sizeof(input));
}

/* MAC_A = HMAC(km_i, "SEAL1 initiator" || TH || MAC_B). */
static int initiator_mac(uint8_t mac[MAC_LEN], const handshake_keys *keys,
			 const uint8_t th[SEAL_SHA256_LEN], const uint8_t mac_b[MAC_LEN])
{
	uint8_t input[LABEL_LEN + SEAL_SHA256_LEN + MAC_LEN];

	memcpy(input, LABEL_INITIATOR, LABEL_LEN);
	memcpy(input + LABEL_LEN, th, SEAL_SHA256_LEN);
	memcpy(input + LABEL_LEN + SEAL_SHA256_LEN, mac_b, MAC_LEN);
	return seal_hmac_sha256(mac, keys->mac_key_initiator, SEAL_KEY_LEN, input, sizeof(input));
}

/* The Double Ratchet's initial state (docs/PROTOCOL.md, "Initial state"). */
static int establish_session(seal_session **out, const seal_handshake *hs,
			     const handshake_keys *keys, const uint8_t peer_eph[SEAL_X25519_LEN])
{
	seal_ratchet_state *st;
	int rc;

	st = gcry_calloc_secure(1, sizeof(*st));
	if (st == NULL)
		return SEAL_ERR_NOMEM;
	memcpy(st->self_pub, hs->self_pub, SEAL_IDENTITY_PUB_LEN);
	memcpy(st->peer_pub, hs->peer_pub, SEAL_IDENTITY_PUB_LEN);
	memcpy(st->session_id, keys->session_id, SEAL_SESSION_ID_LEN);
	memcpy(st->root_key, keys->root_key, SEAL_KEY_LEN);
	memcpy(st->dh_send_secret, hs->eph_secret, SEAL_X25519_LEN);
	memcpy(st->dh_send_pub, hs->eph_pub, SEAL_X25519_LEN);
	memcpy(st->dh_recv, peer_eph, SEAL_X25519_LEN);
	if (hs->role == ROLE_INITIATOR) {
		memcpy(st->send_chain, keys->chain_ir, SEAL_KEY_LEN);
		memcpy(st->recv_chain, keys->chain_ri, SEAL_KEY_LEN);
		st->need_turn = 1;
	} else {
		memcpy(st->send_chain, keys->chain_ri, SEAL_KEY_LEN);
		memcpy(st->recv_chain, keys->chain_ir, SEAL_KEY_LEN);
		st->need_turn = 0;
	}
	rc = seal_session_create(out, st);
	seal_wipe(st, sizeof(*st));
	gcry_free(st);
	return rc;
}

/* ---------------------------------------------------------------- messages */

int seal_handshake_start(seal_handshake **out_hs, const seal_identity *self, seal_buf *init_msg)
{
	seal_handshake *hs;
	seal_buf msg = SEAL_BUF_INIT;
	int rc;

	if (out_hs == NULL || self == NULL || init_msg == NULL)
		return SEAL_ERR_ARGUMENT;
	*out_hs = NULL;
	rc = seal_crypto_init();
	if (rc != SEAL_OK)
		return rc;
	hs = handshake_alloc(ROLE_INITIATOR, self);
	if (hs == NULL)
		return SEAL_ERR_NOMEM;
	hs->init_msg[0] = SEAL_MSG_INIT;
	hs->init_msg[1] = SEAL_PROTOCOL_VERSION;
	memcpy(hs->init_msg + IDENTITY_OFFSET, hs->self_pub, SEAL_IDENTITY_PUB_LEN);
	rc = seal_x25519_keypair(hs->eph_secret, hs->eph_pub);
	if (rc == SEAL_OK)
		rc = seal_random(hs->init_msg + NONCE_OFFSET, NONCE_LEN);
	if (rc == SEAL_OK) {
		memcpy(hs->init_msg + EPHEMERAL_OFFSET, hs->eph_pub, SEAL_X25519_LEN);
		rc = copy_to_buf(&msg, hs->init_msg, INIT_LEN);
	}
	if (rc != SEAL_OK) {
		seal_handshake_free(hs);
		return rc;
	}
	*out_hs = hs;
	*init_msg = msg;
	return SEAL_OK;
}

/* Become the responder to init: a new pending handshake and its RESPONSE. */
static int respond_to_init(seal_handshake **out_hs, const seal_identity *self,
			   const uint8_t *init, seal_buf *reply)
{
	uint8_t ikm[3 * SEAL_X25519_LEN];
	seal_handshake *hs;
	uint8_t *resp;
	int rc;

	hs = handshake_alloc(ROLE_RESPONDER, self);
	if (hs == NULL)
		return SEAL_ERR_NOMEM;
	memcpy(hs->init_msg, init, INIT_LEN);
	memcpy(hs->peer_pub, init + IDENTITY_OFFSET, SEAL_IDENTITY_PUB_LEN);
	memcpy(hs->peer_eph, init + EPHEMERAL_OFFSET, SEAL_X25519_LEN);
	hs->has_peer = 1;
	resp = hs->response_msg;
	resp[0] = SEAL_MSG_RESPONSE;
	resp[1] = SEAL_PROTOCOL_VERSION;
	memcpy(resp + IDENTITY_OFFSET, hs->self_pub, SEAL_IDENTITY_PUB_LEN);
	rc = seal_x25519_keypair(hs->eph_secret, hs->eph_pub);
	if (rc == SEAL_OK)
		rc = seal_random(resp + NONCE_OFFSET, NONCE_LEN);
	if (rc == SEAL_OK) {
		memcpy(resp + EPHEMERAL_OFFSET, hs->eph_pub, SEAL_X25519_LEN);
		/* DH1 = DH(IA, EB), DH2 = DH(EA, IB), DH3 = DH(EA, EB) */
		rc = triple_dh(ikm, hs->eph_secret, hs->peer_pub, seal_identity_secret(self),
			       hs->peer_eph, hs->eph_secret, hs->peer_eph);
	}
	if (rc == SEAL_OK)
		rc = transcript_hash(hs->transcript, hs->init_msg, resp + IDENTITY_OFFSET);
	if (rc == SEAL_OK)
		rc = derive_keys(&hs->keys, ikm, hs->transcript);
	if (rc == SEAL_OK)
		rc = responder_mac(resp + MAC_OFFSET, &hs->keys, hs->transcript);
	if (rc == SEAL_OK)
		rc = copy_to_buf(reply, resp, RESPONSE_LEN);
	seal_wipe(ikm, sizeof(ikm));
	if (rc != SEAL_OK) {
		seal_handshake_free(hs);
		return rc;
	}
	*out_hs = hs;
	return SEAL_OK;
}

static int receive_init(seal_handshake **hs, const seal_identity *self, const uint8_t *msg,
			seal_buf *reply)
{
	seal_handshake *pending = *hs, *fresh = NULL;
	int order, rc;

	if (memcmp(msg + IDENTITY_OFFSET, seal_identity_public(self), SEAL_IDENTITY_PUB_LEN) == 0)
		return SEAL_ERR_REFLECTED;
	if (pending && pending->role == ROLE_INITIATOR) {
		/* Simultaneous start: the greater ephemeral key stays initiator. */
		order = memcmp(msg + EPHEMERAL_OFFSET, pending->eph_pub, SEAL_X25519_LEN);
		if (order == 0)
			return SEAL_ERR_REFLECTED;
		if (order < 0)
			return SEAL_OK;
	}
	if (pending && pending->role == ROLE_RESPONDER &&
	    memcmp(msg, pending->init_msg, INIT_LEN) == 0)
		return copy_to_buf(reply, pending->response_msg, RESPONSE_LEN); /* duplicate INIT */
	rc = respond_to_init(&fresh, self, msg, reply);
	if (rc != SEAL_OK)
		return rc;
	seal_handshake_free(pending);
	*hs = fresh;
	return SEAL_OK;
}

static int receive_response(seal_handshake **hs, const seal_identity *self, const uint8_t *msg,
			    seal_buf *reply, seal_session **established)
{
	seal_handshake *pending = *hs;
	handshake_keys keys;
	uint8_t ikm[3 * SEAL_X25519_LEN], th[SEAL_SHA256_LEN], mac[MAC_LEN];
	uint8_t confirm[CONFIRM_LEN];
	const uint8_t *ib = msg + IDENTITY_OFFSET, *eb = msg + EPHEMERAL_OFFSET;
	int rc;

	if (pending == NULL || pending->role != ROLE_INITIATOR)
		return SEAL_ERR_STATE;
	if (memcmp(ib, pending->self_pub, SEAL_IDENTITY_PUB_LEN) == 0)
		return SEAL_ERR_REFLECTED;
	/* DH1 = DH(IA, EB), DH2 = DH(EA, IB), DH3 = DH(EA, EB) */
	rc = triple_dh(ikm, seal_identity_secret(self), eb, pending->eph_secret, ib,
		       pending->eph_secret, eb);
	if (rc == SEAL_OK)
		rc = transcript_hash(th, pending->init_msg, msg + IDENTITY_OFFSET);
	if (rc == SEAL_OK)
		rc = derive_keys(&keys, ikm, th);
	if (rc == SEAL_OK)
		rc = responder_mac(mac, &keys, th);
	if (rc == SEAL_OK && !seal_ct_equal(mac, msg + MAC_OFFSET, MAC_LEN))
		rc = SEAL_ERR_AUTH;
	if (rc == SEAL_OK) {
		confirm[0] = SEAL_MSG_CONFIRM;
		confirm[1] = SEAL_PROTOCOL_VERSION;
		rc = initiator_mac(confirm + 2, &keys, th, msg + MAC_OFFSET);
	}
	if (rc == SEAL_OK) {
		memcpy(pending->peer_pub, ib, SEAL_IDENTITY_PUB_LEN);
		rc = establish_session(established, pending, &keys, eb);
		if (rc != SEAL_OK)
			memset(pending->peer_pub, 0, SEAL_IDENTITY_PUB_LEN);
	}
	if (rc == SEAL_OK) {
		rc = copy_to_buf(reply, confirm, CONFIRM_LEN);
		if (rc != SEAL_OK) {
			seal_session_free(*established);
			*established = NULL;
			memset(pending->peer_pub, 0, SEAL_IDENTITY_PUB_LEN);
		}
	}
	if (rc == SEAL_OK) {
		seal_handshake_free(pending);
		*hs = NULL;
	}
	seal_wipe(&keys, sizeof(keys));
	seal_wipe(ikm, sizeof(ikm));
	seal_wipe(th, sizeof(th));
	seal_wipe(mac, sizeof(mac));
	return rc;
}

static int receive_confirm(seal_handshake **hs, const uint8_t *msg, seal_session **established)
{
	seal_handshake *pending = *hs;
	uint8_t mac[MAC_LEN];
	int rc;

	if (pending == NULL || pending->role != ROLE_RESPONDER)
		return SEAL_ERR_STATE;
	rc = initiator_mac(mac, &pending->keys, pending->transcript,
			   pending->response_msg + MAC_OFFSET);
	if (rc == SEAL_OK && !seal_ct_equal(mac, msg + 2, MAC_LEN))
		rc = SEAL_ERR_AUTH;
	if (rc == SEAL_OK)
		rc = establish_session(established, pending, &pending->keys, pending->peer_eph);
	if (rc == SEAL_OK) {
		seal_handshake_free(pending);
		*hs = NULL;
	}
	seal_wipe(mac, sizeof(mac));
	return rc;
}

/* Type, version and exact length of a handshake message. */
static int check_handshake_message(const uint8_t *msg, size_t len)
{
	size_t want;

	if (len < 2)
		return SEAL_ERR_TRUNCATED;
	switch (msg[0]) {
	case SEAL_MSG_INIT: want = INIT_LEN; break;
	case SEAL_MSG_RESPONSE: want = RESPONSE_LEN; break;
	case SEAL_MSG_CONFIRM: want = CONFIRM_LEN; break;
	default: return SEAL_ERR_MALFORMED;
	}
	if (msg[1] != SEAL_PROTOCOL_VERSION)
		return SEAL_ERR_VERSION;
	if (len < want)
		return SEAL_ERR_TRUNCATED;
	if (len > want)
		return SEAL_ERR_MALFORMED;
	return SEAL_OK;
}

int seal_handshake_receive(seal_handshake **hs, const seal_identity *self,
			   const uint8_t *msg, size_t len, seal_buf *reply,
			   seal_session **established)
{
	int rc;

	if (hs == NULL || self == NULL || reply == NULL || established == NULL ||
	    (msg == NULL && len > 0))
		return SEAL_ERR_ARGUMENT;
	*established = NULL;
	reply->data = NULL;
	reply->len = 0;
	reply->secure = 0;
	rc = seal_crypto_init();
	if (rc == SEAL_OK)
		rc = check_handshake_message(msg, len);
	if (rc != SEAL_OK)
		return rc;
	switch (msg[0]) {
	case SEAL_MSG_INIT: return receive_init(hs, self, msg, reply);
	case SEAL_MSG_RESPONSE: return receive_response(hs, self, msg, reply, established);
	default: return receive_confirm(hs, msg, established);
	}
}

/* ----------------------------------------------------------- serialization */

static void write_keys(seal_writer *w, const handshake_keys *keys)
{
	seal_writer_bytes(w, keys->root_key, SEAL_KEY_LEN);
	seal_writer_bytes(w, keys->chain_ir, SEAL_KEY_LEN);
	seal_writer_bytes(w, keys->chain_ri, SEAL_KEY_LEN);
	seal_writer_bytes(w, keys->mac_key_responder, SEAL_KEY_LEN);
	seal_writer_bytes(w, keys->mac_key_initiator, SEAL_KEY_LEN);
	seal_writer_bytes(w, keys->session_id, SEAL_SESSION_ID_LEN);
}

int seal_handshake_save(const seal_handshake *hs, seal_buf *out)
{
	seal_writer w;
	int rc;

	if (hs == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_serial_begin(out, &w, SEAL_KIND_HANDSHAKE, HANDSHAKE_VERSION, HANDSHAKE_BODY_LEN, 1);
	if (rc != SEAL_OK)
		return rc;
	seal_writer_u8(&w, (uint8_t)hs->role);
	seal_writer_bytes(&w, hs->self_pub, SEAL_IDENTITY_PUB_LEN);
	seal_writer_bytes(&w, hs->eph_secret, SEAL_X25519_LEN);
	seal_writer_bytes(&w, hs->eph_pub, SEAL_X25519_LEN);
	seal_writer_bytes(&w, hs->init_msg, INIT_LEN);
	seal_writer_bytes(&w, hs->peer_pub, SEAL_IDENTITY_PUB_LEN);
	seal_writer_u8(&w, (uint8_t)(hs->has_peer ? 1 : 0));
	seal_writer_bytes(&w, hs->peer_eph, SEAL_X25519_LEN);
	seal_writer_bytes(&w, hs->response_msg, RESPONSE_LEN);
	seal_writer_bytes(&w, hs->transcript, SEAL_SHA256_LEN);
	write_keys(&w, &hs->keys);
	return seal_serial_seal(out, &w);
}

static void read_keys(seal_reader *r, handshake_keys *keys)
{
	seal_reader_bytes(r, keys->root_key, SEAL_KEY_LEN);
	seal_reader_bytes(r, keys->chain_ir, SEAL_KEY_LEN);
	seal_reader_bytes(r, keys->chain_ri, SEAL_KEY_LEN);
	seal_reader_bytes(r, keys->mac_key_responder, SEAL_KEY_LEN);
	seal_reader_bytes(r, keys->mac_key_initiator, SEAL_KEY_LEN);
	seal_reader_bytes(r, keys->session_id, SEAL_SESSION_ID_LEN);
}

static int read_handshake(seal_reader *r, seal_handshake *hs)
{
	uint8_t role, has_peer;
	int rc;

	role = seal_reader_u8(r);
	seal_reader_bytes(r, hs->self_pub, SEAL_IDENTITY_PUB_LEN);
	seal_reader_bytes(r, hs->eph_secret, SEAL_X25519_LEN);
	seal_reader_bytes(r, hs->eph_pub, SEAL_X25519_LEN);
	seal_reader_bytes(r, hs->init_msg, INIT_LEN);
	seal_reader_bytes(r, hs->peer_pub, SEAL_IDENTITY_PUB_LEN);
	has_peer = seal_reader_u8(r);
	seal_reader_bytes(r, hs->peer_eph, SEAL_X25519_LEN);
	seal_reader_bytes(r, hs->response_msg, RESPONSE_LEN);
	seal_reader_bytes(r, hs->transcript, SEAL_SHA256_LEN);
	read_keys(r, &hs->keys);
	rc = seal_reader_finish(r);
	if (rc != SEAL_OK)
		return rc;
	if ((role != ROLE_INITIATOR && role != ROLE_RESPONDER) || has_peer > 1)
		return SEAL_ERR_MALFORMED;
	hs->role = (handshake_role)role;
	hs->has_peer = has_peer;
	return SEAL_OK;
}

/* The stored messages must be what this state would send and answer. */
static int check_handshake(const seal_handshake *hs)
{
	uint8_t derived[SEAL_X25519_LEN];
	const uint8_t *ours = hs->role == ROLE_INITIATOR ? hs->init_msg : hs->response_msg;
	int rc;

	if (ours[0] != (hs->role == ROLE_INITIATOR ? SEAL_MSG_INIT : SEAL_MSG_RESPONSE) ||
	    ours[1] != SEAL_PROTOCOL_VERSION ||
	    memcmp(ours + IDENTITY_OFFSET, hs->self_pub, SEAL_IDENTITY_PUB_LEN) != 0 ||
	    memcmp(ours + EPHEMERAL_OFFSET, hs->eph_pub, SEAL_X25519_LEN) != 0)
		return SEAL_ERR_MALFORMED;
	if (hs->role == ROLE_RESPONDER &&
	    (!hs->has_peer || hs->init_msg[0] != SEAL_MSG_INIT ||
	     memcmp(hs->init_msg + IDENTITY_OFFSET, hs->peer_pub, SEAL_IDENTITY_PUB_LEN) != 0 ||
	     memcmp(hs->init_msg + EPHEMERAL_OFFSET, hs->peer_eph, SEAL_X25519_LEN) != 0))
		return SEAL_ERR_MALFORMED;
	rc = seal_x25519_public(derived, hs->eph_secret);
	if (rc == SEAL_OK && memcmp(derived, hs->eph_pub, SEAL_X25519_LEN) != 0)
		rc = SEAL_ERR_MALFORMED;
	seal_wipe(derived, sizeof(derived));
	return rc;
}

int seal_handshake_load(seal_handshake **out, const uint8_t *data, size_t len)
{
	seal_handshake *hs;
	seal_reader r;
	int rc;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	*out = NULL;
	rc = seal_crypto_init();
	if (rc == SEAL_OK)
		rc = seal_serial_open(data, len, SEAL_KIND_HANDSHAKE, HANDSHAKE_VERSION, &r);
	if (rc != SEAL_OK)
		return rc;
	hs = gcry_calloc_secure(1, sizeof(*hs));
	if (hs == NULL)
		return SEAL_ERR_NOMEM;
	rc = read_handshake(&r, hs);
	if (rc == SEAL_OK)
		rc = check_handshake(hs);
	if (rc != SEAL_OK) {
		seal_handshake_free(hs);
		return rc;
	}
	*out = hs;
	return SEAL_OK;
}
