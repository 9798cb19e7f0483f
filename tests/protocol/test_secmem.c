/* Protocol: sessions live in libgcrypt secure memory, up to ~72 KB each with
 * a full store of skipped keys.
 *
 *   test_protocol_secmem          Seal initialises libgcrypt: 1000 full
 *                                 sessions (~72 MB) load and work.
 *   test_protocol_secmem --host   the host set up a small fixed pool first:
 *                                 loading fails with SEAL_ERR_NOMEM, cleanly,
 *                                 and works again once memory is freed. */
#include <gcrypt.h>
#include <string.h>
#include "crypto/primitives.h"
#include "tests/protocol/harness.h"

#define MANY_SESSIONS 1000
#define HOST_POOL (256 * 1024)

/* A saved session of b holding SEAL_MAX_SKIPPED skipped keys, and the first
 * message of a that b skipped. */
static void full_session(seal_buf *blob, wire_msg *first)
{
	party a, b;
	wire_msg last;
	uint32_t i;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	*first = send_counted(&a, 1, 0);
	for (i = 1; i < SEAL_MAX_SKIPPED; i++) {
		wire_msg m = send_counted(&a, 1, i);
		wire_msg_free(&m);
	}
	last = send_counted(&a, 1, SEAL_MAX_SKIPPED);
	receive_counted(&b, &last); /* skips messages 0 .. SEAL_MAX_SKIPPED - 1 */
	CHECK_OK(seal_session_save(b.session, blob));
	CHECK(blob->len > (size_t)SEAL_MAX_SKIPPED * 68);
	wire_msg_free(&last);
	party_free(&a);
	party_free(&b);
}

static void test_many_full_sessions(void)
{
	static seal_session *s[MANY_SESSIONS];
	seal_buf blob = SEAL_BUF_INIT, plain = SEAL_BUF_INIT;
	wire_msg first;
	size_t i;

	CHECK_OK(seal_crypto_init());
	full_session(&blob, &first);
	for (i = 0; i < MANY_SESSIONS; i++)
		CHECK_OK(seal_session_load(&s[i], blob.data, blob.len));
	/* Each one still works: a skipped key opens the message it was kept for. */
	for (i = 0; i < MANY_SESSIONS; i += 97) {
		CHECK_OK(seal_session_decrypt(s[i], first.data, first.len, &plain));
		seal_buf_free(&plain);
	}
	for (i = 0; i < MANY_SESSIONS; i++)
		seal_session_free(s[i]);
	wire_msg_free(&first);
	seal_buf_free(&blob);
}

static void test_host_pool_runs_out_cleanly(void)
{
	static seal_session *s[MANY_SESSIONS];
	seal_buf blob = SEAL_BUF_INIT;
	wire_msg first;
	size_t loaded = 0, i;
	int rc = SEAL_OK;

	/* The host's set-up: a small pool, no growth. */
	CHECK(gcry_check_version(NULL) != NULL);
	gcry_control(GCRYCTL_SUSPEND_SECMEM_WARN);
	gcry_control(GCRYCTL_INIT_SECMEM, HOST_POOL, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	CHECK_OK(seal_crypto_init());
	full_session(&blob, &first);
	while (loaded < MANY_SESSIONS && rc == SEAL_OK) {
		rc = seal_session_load(&s[loaded], blob.data, blob.len);
		if (rc == SEAL_OK)
			loaded++;
	}
	CHECK_RC(rc, SEAL_ERR_NOMEM);
	CHECK(s[loaded] == NULL);
	CHECK(loaded >= 1 && loaded < HOST_POOL / 65536);
	for (i = 0; i < loaded; i++)
		seal_session_free(s[i]);
	CHECK_OK(seal_session_load(&s[0], blob.data, blob.len)); /* room again */
	seal_session_free(s[0]);
	wire_msg_free(&first);
	seal_buf_free(&blob);
}

int main(int argc, char **argv)
{
	test_rng_seed_from_env();
	if (argc > 1 && strcmp(argv[1], "--host") == 0)
		test_host_pool_runs_out_cleanly();
	else
		test_many_full_sessions();
	printf("ok\n");
	return 0;
}
