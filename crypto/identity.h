/* Seal crypto library: long-term identity keys and fingerprints.
 *
 * One identity per local account.  The identity is an X25519 key pair used in
 * the triple-DH handshake; its public half is what contacts pin and compare. */
#ifndef SEAL_CRYPTO_IDENTITY_H
#define SEAL_CRYPTO_IDENTITY_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"

#define SEAL_IDENTITY_PUB_LEN 32
/* "12345 67890 12345 67890 12345 67890 12345 67890": 8 groups of 5 digits. */
#define SEAL_FINGERPRINT_LEN 48 /* including the terminating NUL */

typedef struct seal_identity seal_identity; /* secret half in secure memory */

int seal_identity_generate(seal_identity **out);
void seal_identity_free(seal_identity *id); /* wipes; NULL-safe */
const uint8_t *seal_identity_public(const seal_identity *id); /* SEAL_IDENTITY_PUB_LEN bytes */

/* Versioned serialization (the plugin writes it to a 0600 file atomically).
 * out is secure memory; free it with seal_buf_free. */
int seal_identity_save(const seal_identity *id, seal_buf *out);
/* Truncated, corrupted or foreign bytes: SEAL_ERR_MALFORMED / _VERSION / _TRUNCATED. */
int seal_identity_load(seal_identity **out, const uint8_t *data, size_t len);

/* Human-comparable fingerprint of a public identity key, identical on both ends. */
int seal_fingerprint(char out[SEAL_FINGERPRINT_LEN], const uint8_t pub[SEAL_IDENTITY_PUB_LEN]);

#endif
