/* Seal crypto library: random bytes.
 *
 * seal_random draws from libgcrypt's strong generator.  seal_random_nonce
 * hands out libgcrypt nonce bytes from a small per-thread pool: each
 * gcry_create_nonce call costs a getpid system call and a lock, which was a
 * measurable part of sending a message (one 16-byte id per message). */
#include <gcrypt.h>
#include <pthread.h>
#include <string.h>

#include "crypto/error.h"
#include "crypto/primitives.h"

#define SEAL_NONCE_POOL_LEN 256

/* Bytes not handed out yet are pool[used..]; used == SEAL_NONCE_POOL_LEN means
 * empty.  Per thread, so no lock; emptied in the child after fork() so parent
 * and child never hand out the same bytes. */
static _Thread_local struct {
	uint8_t bytes[SEAL_NONCE_POOL_LEN];
	size_t used;
} nonce_pool = { { 0 }, SEAL_NONCE_POOL_LEN };

static pthread_once_t nonce_fork_once = PTHREAD_ONCE_INIT;
static int nonce_fork_registered;

static void nonce_pool_empty(void)
{
	seal_wipe(nonce_pool.bytes, sizeof nonce_pool.bytes);
	nonce_pool.used = SEAL_NONCE_POOL_LEN;
}

static void nonce_fork_register(void)
{
	nonce_fork_registered = pthread_atfork(NULL, NULL, nonce_pool_empty) == 0;
}

int seal_random(uint8_t *out, size_t len)
{
	if (out == NULL && len != 0)
		return SEAL_ERR_ARGUMENT;
	if (len != 0)
		gcry_randomize(out, len, GCRY_STRONG_RANDOM);
	return SEAL_OK;
}

int seal_random_nonce(uint8_t *out, size_t len)
{
	if (out == NULL && len != 0)
		return SEAL_ERR_ARGUMENT;
	if (len == 0)
		return SEAL_OK; /* out may be NULL: no memcpy with it */
	pthread_once(&nonce_fork_once, nonce_fork_register);
	if (!nonce_fork_registered || len > SEAL_NONCE_POOL_LEN / 4) {
		gcry_create_nonce(out, len);
		return SEAL_OK;
	}
	if (SEAL_NONCE_POOL_LEN - nonce_pool.used < len) {
		gcry_create_nonce(nonce_pool.bytes, sizeof nonce_pool.bytes);
		nonce_pool.used = 0;
	}
	memcpy(out, nonce_pool.bytes + nonce_pool.used, len);
	nonce_pool.used += len; /* each byte is handed out once */
	return SEAL_OK;
}
