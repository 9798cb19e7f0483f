/* Seal crypto library: what we know about a contact's identity (trust on first use). */
#ifndef SEAL_CRYPTO_CONTACT_H
#define SEAL_CRYPTO_CONTACT_H

#include <stddef.h>
#include <stdint.h>
#include "crypto/buf.h"
#include "crypto/identity.h"

typedef enum {
	SEAL_TRUST_UNVERIFIED = 0, /* pinned at first use, not yet compared */
	SEAL_TRUST_VERIFIED = 1,   /* the user compared fingerprints */
	SEAL_TRUST_CHANGED = 2,    /* a different key was seen; not yet accepted */
} seal_trust;

typedef struct {
	uint8_t pinned[SEAL_IDENTITY_PUB_LEN]; /* the accepted identity key */
	uint8_t pending[SEAL_IDENTITY_PUB_LEN]; /* the new key, when trust == CHANGED */
	seal_trust trust;
	int64_t first_seen; /* unix seconds */
} seal_contact;

/* Versioned serialization; load rejects bad bytes with a clear code. */
int seal_contact_save(const seal_contact *c, seal_buf *out);
int seal_contact_load(seal_contact *out, const uint8_t *data, size_t len);

#endif
