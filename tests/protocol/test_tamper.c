/* Protocol: every byte of a DATA message flipped in turn, and every
 * truncation, is rejected; the session state is exactly unchanged (its
 * serialization is byte-identical) and the genuine message still decrypts. */
#include <string.h>
#include "tests/protocol/harness.h"

/* All variants of m fail at 'to' without changing its state; then m decrypts. */
static void check_tamper_resistant(party *to, const wire_msg *m)
{
	seal_buf before = SEAL_BUF_INIT, after = SEAL_BUF_INIT, out = SEAL_BUF_INIT;
	uint8_t *bad = malloc(m->len + 1);
	size_t i, len;
	int flip, rc;
	static const uint8_t flips[] = { 0x01, 0x80 };

	CHECK(bad != NULL);
	session_snapshot(to->session, &before);
	for (i = 0; i < m->len; i++) {
		for (flip = 0; flip < 2; flip++) {
			memcpy(bad, m->data, m->len);
			bad[i] ^= flips[flip];
			rc = seal_session_decrypt(to->session, bad, m->len, &out);
			CHECK(rc < 0 && out.data == NULL);
		}
	}
	for (len = 0; len < m->len; len++) {
		rc = seal_session_decrypt(to->session, m->data, len, &out);
		CHECK(rc < 0 && out.data == NULL);
	}
	memcpy(bad, m->data, m->len);
	bad[m->len] = 0;
	CHECK_RC(seal_session_decrypt(to->session, bad, m->len + 1, &out), SEAL_ERR_AUTH);
	CHECK_RC(seal_session_decrypt(to->session, m->data, 0, &out), SEAL_ERR_TRUNCATED);
	CHECK_RC(seal_session_decrypt(to->session, m->data, 45, &out), SEAL_ERR_TRUNCATED);
	session_snapshot(to->session, &after);
	CHECK(buf_equal(&before, &after));
	free(bad);
	seal_buf_free(&before);
	seal_buf_free(&after);
	receive_counted(to, m);
}

int main(void)
{
	party a, b;
	wire_msg m, skipped[3];
	int i;

	test_rng_seed_from_env();
	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);

	/* 1. The first message of a new chain (a DH turn at the receiver). */
	m = send_counted(&a, 1, 0);
	check_tamper_resistant(&b, &m);
	wire_msg_free(&m);
	/* 2. A message in the current chain. */
	m = send_counted(&a, 1, 1);
	check_tamper_resistant(&b, &m);
	wire_msg_free(&m);
	/* 3. A message that skips ahead (keys for the gap would be stored). */
	for (i = 0; i < 3; i++)
		skipped[i] = send_counted(&a, 1, 2 + (uint32_t)i);
	m = send_counted(&a, 1, 5);
	check_tamper_resistant(&b, &m);
	wire_msg_free(&m);
	/* 4. A message decrypted with a stored skipped key. */
	check_tamper_resistant(&b, &skipped[1]);
	/* 5. Bob's reply: a turn at Alice, then the late ones at Bob. */
	m = send_counted(&b, 0, 0);
	check_tamper_resistant(&a, &m);
	wire_msg_free(&m);
	check_tamper_resistant(&b, &skipped[0]);
	check_tamper_resistant(&b, &skipped[2]);
	for (i = 0; i < 3; i++)
		wire_msg_free(&skipped[i]);
	/* Still talking after all of it. */
	for (i = 0; i < 10; i++) {
		int from_a = i % 2;
		wire_msg x = send_counted(from_a ? &a : &b, from_a, 100 + (uint32_t)i);

		receive_counted(from_a ? &b : &a, &x);
		wire_msg_free(&x);
	}
	party_free(&a);
	party_free(&b);
	printf("ok\n");
	return 0;
}
