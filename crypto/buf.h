/* Seal crypto library: owned byte buffers.
 *
 * Functions that produce variable-length output fill a seal_buf.  Buffers that
 * may hold secrets (serialized keys and sessions, decrypted text) live in
 * libgcrypt secure memory; seal_buf_free() wipes every buffer before freeing. */
#ifndef SEAL_CRYPTO_BUF_H
#define SEAL_CRYPTO_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint8_t *data;
	size_t len;
	int secure; /* 1 if data came from gcry_malloc_secure */
} seal_buf;

#define SEAL_BUF_INIT { NULL, 0, 0 }

/* Allocate len bytes (secure memory if secure != 0).  Returns SEAL_OK or SEAL_ERR_NOMEM. */
int seal_buf_alloc(seal_buf *b, size_t len, int secure);
/* Wipe and free; leaves b as SEAL_BUF_INIT.  NULL-safe. */
void seal_buf_free(seal_buf *b);

#endif
