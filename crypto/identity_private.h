/* Seal crypto library (private): access to the secret half of an identity,
 * for the handshake only. */
#ifndef SEAL_CRYPTO_IDENTITY_PRIVATE_H
#define SEAL_CRYPTO_IDENTITY_PRIVATE_H

#include <stdint.h>
#include "crypto/identity.h"

/* SEAL_X25519_LEN bytes in secure memory, owned by id. */
const uint8_t *seal_identity_secret(const seal_identity *id);

#endif
