/* Seal crypto library: owned byte buffers. */
#include <gcrypt.h>
#include <stdlib.h>
#include "crypto/buf.h"
#include "crypto/error.h"
#include "crypto/primitives.h"

int seal_buf_alloc(seal_buf *b, size_t len, int secure)
{
	size_t n = len ? len : 1;

	b->data = secure ? gcry_malloc_secure(n) : gcry_malloc(n);
	if (b->data == NULL) {
		b->len = 0;
		b->secure = 0;
		return SEAL_ERR_NOMEM;
	}
	b->len = len;
	b->secure = secure ? 1 : 0;
	return SEAL_OK;
}

void seal_buf_free(seal_buf *b)
{
	if (b == NULL || b->data == NULL)
		return;
	seal_wipe(b->data, b->len);
	gcry_free(b->data);
	b->data = NULL;
	b->len = 0;
	b->secure = 0;
}
