/* Seal crypto library: the one-time authenticated key exchange per contact.
 *
 * Three messages, triple-DH over fresh X25519 ephemerals bound to both
 * identity keys, with key confirmation (see docs/PROTOCOL.md):
 *   INIT     initiator -> responder
 *   RESPONSE responder -> initiator
 *   CONFIRM  initiator -> responder
 * The result seeds a Double Ratchet session.  Both sides may start at the same
 * moment: the tie is broken deterministically and exactly one session results.
 *
 * Handshake messages are binary; the wire codec (wire.h) armors them. */
#ifndef SEAL_CRYPTO_HANDSHAKE_H
#define SEAL_CRYPTO_HANDSHAKE_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"
#include "crypto/identity.h"
#include "crypto/session.h"

typedef struct seal_handshake seal_handshake;

/* Start a handshake as initiator: *out_hs holds the pending state, init_msg the INIT message. */
int seal_handshake_start(seal_handshake **out_hs, const seal_identity *self, seal_buf *init_msg);

/* Feed any received handshake message.  *hs is the pending handshake with this
 * contact, or NULL if none; the function may create, replace or free it.
 * Outcomes (return SEAL_OK):
 *   - reply->len > 0: send reply to the peer (RESPONSE or CONFIRM);
 *   - *established != NULL: the session is ready (caller owns it), *hs is freed and set NULL;
 *   - neither: the message was absorbed (e.g. we won a simultaneous start).
 * Errors leave *hs exactly as it was: SEAL_ERR_STATE (no matching pending
 * handshake: replayed RESPONSE/CONFIRM), SEAL_ERR_REFLECTED (our own message
 * came back), SEAL_ERR_AUTH (key confirmation failed), SEAL_ERR_LOW_ORDER,
 * SEAL_ERR_MALFORMED, SEAL_ERR_VERSION. */
int seal_handshake_receive(seal_handshake **hs, const seal_identity *self,
			   const uint8_t *msg, size_t len, seal_buf *reply,
			   seal_session **established);

/* The peer identity key announced in the handshake so far (after INIT or
 * RESPONSE was received); SEAL_ERR_STATE if not known yet. */
int seal_handshake_peer_identity(const seal_handshake *hs, uint8_t out[SEAL_IDENTITY_PUB_LEN]);

void seal_handshake_free(seal_handshake *hs); /* wipes; NULL-safe */

/* Versioned serialization of a pending handshake (secure memory), so that a
 * handshake survives a restart of the client: an INIT sent to an offline
 * contact can still be answered, a RESPONSE can still be confirmed.  Load
 * rejects bad bytes cleanly (SEAL_ERR_TRUNCATED / _MALFORMED / _VERSION). */
int seal_handshake_save(const seal_handshake *hs, seal_buf *out);
int seal_handshake_load(seal_handshake **out, const uint8_t *data, size_t len);

#endif
