/* Seal crypto library (private): Double Ratchet state shared by the session
 * (lifecycle, serialization) and the ratchet steps (encrypt, decrypt).
 * See docs/PROTOCOL.md, "Ratchet". */
#ifndef SEAL_CRYPTO_RATCHET_H
#define SEAL_CRYPTO_RATCHET_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"
#include "crypto/identity.h"
#include "crypto/primitives.h"
#include "crypto/session.h"

#define SEAL_PROTOCOL_VERSION 1
#define SEAL_KEY_LEN 32
/* DATA = type | version | ratchet pub (32) | PN u32 | N u32 | ciphertext | tag (16) */
#define SEAL_DATA_HEADER_LEN (2 + SEAL_X25519_LEN + 4 + 4)
#define SEAL_DATA_OVERHEAD (SEAL_DATA_HEADER_LEN + SEAL_AEAD_TAG_LEN)

/* Everything secret or stateful about one session except the skipped keys.
 * Lives in libgcrypt secure memory. */
typedef struct {
	uint8_t self_pub[SEAL_IDENTITY_PUB_LEN];
	uint8_t peer_pub[SEAL_IDENTITY_PUB_LEN];
	uint8_t session_id[SEAL_SESSION_ID_LEN];
	uint8_t root_key[SEAL_KEY_LEN];
	uint8_t send_chain[SEAL_KEY_LEN];
	uint8_t recv_chain[SEAL_KEY_LEN];
	uint8_t dh_send_secret[SEAL_X25519_LEN];
	uint8_t dh_send_pub[SEAL_X25519_LEN];
	uint8_t dh_recv[SEAL_X25519_LEN];      /* peer's current ratchet key */
	uint8_t dh_recv_prev[SEAL_X25519_LEN]; /* the one before (replay detection) */
	uint32_t send_n;      /* Ns: messages sent in the current sending chain */
	uint32_t recv_n;      /* Nr: next message number expected in the receiving chain */
	uint32_t prev_send_n; /* PN: length of the previous sending chain */
	uint8_t need_turn;    /* next send starts a new sending chain with a fresh key */
	uint8_t has_recv_prev;
} seal_ratchet_state;

/* A message key kept for a message that has not arrived yet. */
typedef struct {
	uint8_t ratchet_pub[SEAL_X25519_LEN];
	uint32_t n;
	uint8_t message_key[SEAL_KEY_LEN];
} seal_skipped_key;

/* Skipped keys, oldest first, at most SEAL_MAX_SKIPPED; keys in secure memory. */
typedef struct {
	seal_skipped_key *keys;
	size_t len;
	size_t cap;
} seal_skipped_store;

struct seal_session {
	seal_ratchet_state *state;
	seal_skipped_store skipped;
	seal_crypto_ctx *ctx; /* reused cipher/MAC handles */
};

/* A new session from the handshake's result (copied; the caller wipes its copy). */
int seal_session_create(seal_session **out, const seal_ratchet_state *initial);

/* KDF_CK: message_key = HMAC-SHA256(chain, 0x01); chain = HMAC-SHA256(chain, 0x02). */
int seal_ratchet_chain_step(uint8_t chain[SEAL_KEY_LEN], uint8_t message_key[SEAL_KEY_LEN]);

/* Make room for count more keys (capacity only; contents unchanged). */
int seal_skipped_reserve(seal_skipped_store *store, size_t count);
/* Append keys (count <= SEAL_MAX_SKIPPED), dropping the oldest beyond the
 * bound; capacity must have been reserved. */
void seal_skipped_append(seal_skipped_store *store, const seal_skipped_key *keys, size_t count);
/* Index of the key for (pub, n), or -1. */
long seal_skipped_find(const seal_skipped_store *store, const uint8_t pub[SEAL_X25519_LEN], uint32_t n);
/* 1 if any stored key belongs to the chain of ratchet key pub. */
int seal_skipped_has_chain(const seal_skipped_store *store, const uint8_t pub[SEAL_X25519_LEN]);
void seal_skipped_remove(seal_skipped_store *store, size_t index);
void seal_skipped_clear(seal_skipped_store *store); /* wipes and frees */

#endif
