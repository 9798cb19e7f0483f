/* Seal crypto library: an established session (Double Ratchet).
 *
 * X25519 DH ratchet, HMAC-SHA256 chain keys, a fresh message key per message,
 * ChaCha20-Poly1305.  Either side may send at any time.  Out-of-order messages
 * are accepted up to SEAL_MAX_SKIPPED skipped keys per session (oldest
 * dropped); replays are rejected; a message that does not authenticate leaves
 * the state exactly as it was. */
#ifndef SEAL_CRYPTO_SESSION_H
#define SEAL_CRYPTO_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"
#include "crypto/identity.h"

#define SEAL_MAX_SKIPPED 1000
#define SEAL_SESSION_ID_LEN 16

typedef struct seal_session seal_session;

/* Encrypt a serialized payload (payload.h) into a binary DATA message
 * (len + 58 bytes).  Save the session after every call that succeeded: a
 * session restored from an older copy would reuse message keys. */
int seal_session_encrypt(seal_session *s, const uint8_t *payload, size_t len, seal_buf *out);
/* Decrypt a binary DATA message; out (secure memory) receives the payload.
 * On any error the session is exactly as before: SEAL_ERR_AUTH (altered,
 * forged, or for another session), SEAL_ERR_REPLAY (already received, or its
 * key was dropped), SEAL_ERR_REFLECTED (our own message), SEAL_ERR_TOO_MANY_SKIPPED,
 * SEAL_ERR_LOW_ORDER, SEAL_ERR_MALFORMED / _VERSION / _TRUNCATED / _TOO_LARGE. */
int seal_session_decrypt(seal_session *s, const uint8_t *msg, size_t len, seal_buf *out);

/* Identity keys the session is bound to. */
const uint8_t *seal_session_peer_identity(const seal_session *s);
const uint8_t *seal_session_self_identity(const seal_session *s);

/* The session id both ends derived in the handshake (equal on both ends;
 * not secret).  SEAL_ERR_ARGUMENT if s or out is NULL. */
int seal_session_id(const seal_session *s, uint8_t out[SEAL_SESSION_ID_LEN]);

/* Versioned serialization (secure memory); load rejects bad bytes cleanly. */
int seal_session_save(const seal_session *s, seal_buf *out);
int seal_session_load(seal_session **out, const uint8_t *data, size_t len);

void seal_session_free(seal_session *s); /* wipes; NULL-safe */

#endif
