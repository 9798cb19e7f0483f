/* Protocol: both sides saved mid-conversation (messages in flight, skipped
 * keys pending), reloaded, and continuing as if nothing happened. */
#include <string.h>
#include "crypto/primitives.h"
#include "tests/protocol/harness.h"

/* Save, free, load; the reloaded session saves to the same bytes. */
static void reload(party *p)
{
	seal_buf blob = SEAL_BUF_INIT, again = SEAL_BUF_INIT;
	uint8_t id_before[SEAL_SESSION_ID_LEN], id_after[SEAL_SESSION_ID_LEN];

	CHECK_OK(seal_session_id(p->session, id_before));
	CHECK_OK(seal_session_save(p->session, &blob));
	CHECK(blob.secure == 1);
	seal_session_free(p->session);
	p->session = NULL;
	CHECK_OK(seal_session_load(&p->session, blob.data, blob.len));
	CHECK_OK(seal_session_save(p->session, &again));
	CHECK(buf_equal(&blob, &again));
	CHECK_OK(seal_session_id(p->session, id_after));
	CHECK(memcmp(id_before, id_after, sizeof(id_before)) == 0);
	seal_buf_free(&blob);
	seal_buf_free(&again);
}

static void test_reload_right_after_handshake(void)
{
	party a, b;
	wire_msg ma, mb;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	reload(&a);
	reload(&b);
	ma = send_counted(&a, 1, 0);
	mb = send_counted(&b, 0, 0);
	reload(&a);
	reload(&b);
	receive_counted(&b, &ma);
	receive_counted(&a, &mb);
	CHECK(memcmp(seal_session_peer_identity(a.session), seal_identity_public(b.id), 32) == 0);
	CHECK(memcmp(seal_session_self_identity(b.session), seal_identity_public(b.id), 32) == 0);
	wire_msg_free(&ma);
	wire_msg_free(&mb);
	party_free(&a);
	party_free(&b);
}

/* Messages in flight both ways, skipped keys pending on both sides. */
static void test_reload_mid_conversation(void)
{
	party a, b;
	wire_msg to_b[6], to_a[6], m;
	int i;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	for (i = 0; i < 5; i++) {
		m = send_counted(i % 2 ? &a : &b, i % 2, 100 + (uint32_t)i);
		receive_counted(i % 2 ? &b : &a, &m);
		wire_msg_free(&m);
	}
	for (i = 0; i < 6; i++) {
		to_b[i] = send_counted(&a, 1, (uint32_t)i);
		to_a[i] = send_counted(&b, 0, (uint32_t)i);
	}
	/* Each receives only the last one: 5 skipped keys pending on each side. */
	receive_counted(&b, &to_b[5]);
	receive_counted(&a, &to_a[5]);
	reload(&a);
	reload(&b);
	for (i = 4; i >= 0; i--) {
		receive_counted(&b, &to_b[i]);
		receive_counted(&a, &to_a[i]);
	}
	for (i = 0; i < 6; i++) {
		wire_msg_free(&to_b[i]);
		wire_msg_free(&to_a[i]);
	}
	party_free(&a);
	party_free(&b);
}

/* A random conversation with a reload of a random side every few messages. */
static void test_reload_often(void)
{
	party a, b;
	wire_msg pending[4];
	size_t npending = 0;
	uint32_t i, serial = 0;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	for (i = 0; i < 400; i++) {
		int from_a = test_rng_below(2);
		wire_msg m = send_counted(from_a ? &a : &b, from_a, serial++);

		if (npending < 4 && test_rng_below(4) == 0) {
			pending[npending++] = m; /* delivered later */
		} else {
			receive_counted(from_a ? &b : &a, &m);
			wire_msg_free(&m);
		}
		if (test_rng_below(10) == 0)
			reload(test_rng_below(2) ? &a : &b);
		if (npending > 0 && test_rng_below(6) == 0) {
			wire_msg late = pending[--npending];

			receive_counted(late.from_a ? &b : &a, &late);
			wire_msg_free(&late);
		}
	}
	while (npending > 0) {
		wire_msg late = pending[--npending];

		receive_counted(late.from_a ? &b : &a, &late);
		wire_msg_free(&late);
	}
	party_free(&a);
	party_free(&b);
}

static uint32_t read_u32_be(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* A sending chain at its last message number refuses to send more
 * (SEAL_ERR_LIMIT, state unchanged) until the peer's reply starts a new one.
 * The state is edited through its serialized form (Ns at body offset 304). */
static void test_sending_chain_limit(void)
{
	party a, b;
	seal_buf blob = SEAL_BUF_INIT, before = SEAL_BUF_INIT, after = SEAL_BUF_INIT;
	seal_buf out = SEAL_BUF_INIT;
	wire_msg m;
	uint8_t byte = 0;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	CHECK_OK(seal_session_save(b.session, &blob)); /* responder: no turn pending */
	CHECK(blob.data[10 + 316] == 0);
	blob.data[10 + 304] = 0xff;
	blob.data[10 + 305] = 0xff;
	blob.data[10 + 306] = 0xff;
	blob.data[10 + 307] = 0xfe;
	CHECK_OK(seal_sha256(blob.data + blob.len - 32, blob.data, blob.len - 32));
	seal_session_free(b.session);
	CHECK_OK(seal_session_load(&b.session, blob.data, blob.len));
	session_snapshot(b.session, &before);
	CHECK_RC(seal_session_encrypt(b.session, &byte, 1, &out), SEAL_ERR_LIMIT);
	session_snapshot(b.session, &after);
	CHECK(buf_equal(&before, &after) && out.data == NULL);
	m = send_counted(&a, 1, 0);
	receive_counted(&b, &m);
	wire_msg_free(&m);
	m = send_counted(&b, 0, 1); /* a new chain: N = 0, PN = the full old chain */
	CHECK(read_u32_be(m.data + 34) == 0xfffffffeU && read_u32_be(m.data + 38) == 0);
	/* Alice would have to skip 2^32 - 2 keys to read it: refused. */
	CHECK_RC(seal_session_decrypt(a.session, m.data, m.len, &out), SEAL_ERR_TOO_MANY_SKIPPED);
	wire_msg_free(&m);
	seal_buf_free(&blob);
	seal_buf_free(&before);
	seal_buf_free(&after);
	party_free(&a);
	party_free(&b);
}

int main(void)
{
	test_rng_seed_from_env();
	test_reload_right_after_handshake();
	test_reload_mid_conversation();
	test_reload_often();
	test_sending_chain_limit();
	printf("ok\n");
	return 0;
}
