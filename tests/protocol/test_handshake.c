/* Protocol: the handshake — normal, simultaneous start, wrong keys and
 * tampering, reflection, replays, duplicates, restarts, malformed input. */
#include <string.h>
#include "crypto/primitives.h"
#include "crypto/wire.h"
#include "tests/protocol/harness.h"

#define INIT_LEN 82
#define RESPONSE_LEN 114
#define CONFIRM_LEN 34

static void copy_buf(seal_buf *dst, const seal_buf *src)
{
	CHECK_OK(seal_buf_alloc(dst, src->len, 0));
	memcpy(dst->data, src->data, src->len);
}

/* Both sessions exist, are bound to the right identities and can talk. */
static void check_sessions_talk(party *a, party *b)
{
	uint8_t ida[SEAL_SESSION_ID_LEN], idb[SEAL_SESSION_ID_LEN];
	char fa[SEAL_FINGERPRINT_LEN], fb[SEAL_FINGERPRINT_LEN];
	uint32_t i;

	CHECK(a->session != NULL && b->session != NULL);
	CHECK_OK(seal_session_id(a->session, ida));
	CHECK_OK(seal_session_id(b->session, idb));
	CHECK(memcmp(ida, idb, sizeof(ida)) == 0);
	CHECK(memcmp(seal_session_peer_identity(a->session), seal_identity_public(b->id), 32) == 0);
	CHECK(memcmp(seal_session_peer_identity(b->session), seal_identity_public(a->id), 32) == 0);
	CHECK(memcmp(seal_session_self_identity(a->session), seal_identity_public(a->id), 32) == 0);
	CHECK(memcmp(seal_session_self_identity(b->session), seal_identity_public(b->id), 32) == 0);
	/* Fingerprints shown on both ends agree. */
	CHECK_OK(seal_fingerprint(fa, seal_session_peer_identity(b->session)));
	CHECK_OK(seal_fingerprint(fb, seal_identity_public(a->id)));
	CHECK(strcmp(fa, fb) == 0);
	for (i = 0; i < 6; i++) {
		int from_a = i % 2;
		wire_msg m = send_counted(from_a ? a : b, from_a, i);

		receive_counted(from_a ? b : a, &m);
		wire_msg_free(&m);
	}
}

static void test_normal(void)
{
	party a, b;
	uint8_t seen[32];
	seal_buf init = SEAL_BUF_INIT, resp = SEAL_BUF_INIT, conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &init));
	CHECK(init.len == INIT_LEN && init.data[0] == SEAL_MSG_INIT && init.data[1] == 1);
	CHECK_RC(seal_handshake_peer_identity(a.hs, seen), SEAL_ERR_STATE);
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, init.data, init.len, &resp, &b.session));
	CHECK(resp.len == RESPONSE_LEN && resp.data[0] == SEAL_MSG_RESPONSE && b.session == NULL);
	CHECK_OK(seal_handshake_peer_identity(b.hs, seen));
	CHECK(memcmp(seen, seal_identity_public(a.id), 32) == 0);
	CHECK_OK(seal_handshake_receive(&a.hs, a.id, resp.data, resp.len, &conf, &a.session));
	CHECK(conf.len == CONFIRM_LEN && conf.data[0] == SEAL_MSG_CONFIRM && a.hs == NULL);
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &b.session));
	CHECK(none.len == 0 && b.hs == NULL);
	check_sessions_talk(&a, &b);

	/* Replays after the fact: no pending handshake -> SEAL_ERR_STATE. */
	{
		seal_session *fresh = NULL;

		CHECK_RC(seal_handshake_receive(&a.hs, a.id, resp.data, resp.len, &none, &fresh),
			 SEAL_ERR_STATE);
		CHECK(a.hs == NULL && fresh == NULL && none.len == 0);

		CHECK_RC(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &fresh),
			 SEAL_ERR_STATE);
		CHECK(b.hs == NULL && fresh == NULL);
	}
	seal_buf_free(&init);
	seal_buf_free(&resp);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
}

/* Both start at once; the INITs cross in either order. */
static void test_simultaneous(int deliver_to_a_first)
{
	party a, b;
	seal_buf ia = SEAL_BUF_INIT, ib = SEAL_BUF_INIT, ra = SEAL_BUF_INIT, rb = SEAL_BUF_INIT;
	seal_buf conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;
	seal_handshake *a_before, *b_before;
	party *winner, *loser;
	seal_buf *to_winner;

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &ia));
	CHECK_OK(seal_handshake_start(&b.hs, b.id, &ib));
	a_before = a.hs;
	b_before = b.hs;
	if (deliver_to_a_first) {
		CHECK_OK(seal_handshake_receive(&a.hs, a.id, ib.data, ib.len, &ra, &a.session));
		CHECK_OK(seal_handshake_receive(&b.hs, b.id, ia.data, ia.len, &rb, &b.session));
	} else {
		CHECK_OK(seal_handshake_receive(&b.hs, b.id, ia.data, ia.len, &rb, &b.session));
		CHECK_OK(seal_handshake_receive(&a.hs, a.id, ib.data, ib.len, &ra, &a.session));
	}
	CHECK(a.session == NULL && b.session == NULL);
	/* Exactly one side answered; the greater EA (bytes 34..65) stays initiator. */
	CHECK((ra.len == 0) != (rb.len == 0));
	if (memcmp(ia.data + 34, ib.data + 34, 32) > 0) {
		CHECK(ra.len == 0 && a.hs == a_before && rb.len == RESPONSE_LEN);
		winner = &a, loser = &b, to_winner = &rb;
	} else {
		CHECK(rb.len == 0 && b.hs == b_before && ra.len == RESPONSE_LEN);
		winner = &b, loser = &a, to_winner = &ra;
	}
	CHECK_OK(seal_handshake_receive(&winner->hs, winner->id, to_winner->data, to_winner->len,
					&conf, &winner->session));
	CHECK(winner->session != NULL && conf.len == CONFIRM_LEN);
	CHECK_OK(seal_handshake_receive(&loser->hs, loser->id, conf.data, conf.len, &none,
					&loser->session));
	CHECK(loser->session != NULL && loser->hs == NULL && winner->hs == NULL);
	check_sessions_talk(&a, &b);
	seal_buf_free(&ia);
	seal_buf_free(&ib);
	seal_buf_free(&ra);
	seal_buf_free(&rb);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
}

/* Feed a bad message to *hs; it must fail with an error and leave *hs as it was. */
static void feed_bad(party *p, const uint8_t *msg, size_t len)
{
	seal_handshake *before = p->hs;
	seal_session *got = NULL;
	seal_buf reply = SEAL_BUF_INIT;
	int rc = seal_handshake_receive(&p->hs, p->id, msg, len, &reply, &got);

	CHECK(rc < 0);
	CHECK(p->hs == before && got == NULL && reply.len == 0 && reply.data == NULL);
}

/* Tampering with any byte of RESPONSE or CONFIRM (including substituting
 * another identity key) fails cleanly; the genuine message still completes. */
static void test_tampering(void)
{
	party a, b, m;
	seal_buf init = SEAL_BUF_INIT, resp = SEAL_BUF_INIT, conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;
	seal_buf bad = SEAL_BUF_INIT, mitm_resp = SEAL_BUF_INIT;
	seal_handshake *mallory_hs = NULL;
	seal_session *ignored = NULL;
	size_t i;

	party_init(&a);
	party_init(&b);
	party_init(&m);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &init));

	/* Mallory swaps Alice's identity key for hers in INIT: Bob answers
	 * Mallory, and Alice rejects the RESPONSE (the transcript differs). */
	copy_buf(&bad, &init);
	memcpy(bad.data + 2, seal_identity_public(m.id), 32);
	CHECK_OK(seal_handshake_receive(&mallory_hs, b.id, bad.data, bad.len, &mitm_resp, &ignored));
	feed_bad(&a, mitm_resp.data, mitm_resp.len);
	CHECK_RC(seal_handshake_receive(&a.hs, a.id, mitm_resp.data, mitm_resp.len, &none, &a.session),
		 SEAL_ERR_AUTH);
	seal_handshake_free(mallory_hs);
	mallory_hs = NULL;
	seal_buf_free(&mitm_resp);
	seal_buf_free(&bad);
	/* Mallory answers Alice's INIT herself, as Mallory: it authenticates
	 * as Mallory, never as Bob — the caller sees Mallory's key. */
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, init.data, init.len, &resp, &b.session));

	/* Mallory substitutes her identity key into Bob's RESPONSE. */
	copy_buf(&bad, &resp);
	memcpy(bad.data + 2, seal_identity_public(m.id), 32);
	CHECK_RC(seal_handshake_receive(&a.hs, a.id, bad.data, bad.len, &none, &a.session),
		 SEAL_ERR_AUTH);
	seal_buf_free(&bad);
	/* Every byte of RESPONSE flipped in turn. */
	for (i = 0; i < resp.len; i++) {
		copy_buf(&bad, &resp);
		bad.data[i] ^= 0x01;
		feed_bad(&a, bad.data, bad.len);
		seal_buf_free(&bad);
	}
	CHECK_OK(seal_handshake_receive(&a.hs, a.id, resp.data, resp.len, &conf, &a.session));
	CHECK(a.session != NULL);
	/* Every byte of CONFIRM flipped in turn. */
	for (i = 0; i < conf.len; i++) {
		copy_buf(&bad, &conf);
		bad.data[i] ^= 0x80;
		feed_bad(&b, bad.data, bad.len);
		seal_buf_free(&bad);
	}
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &b.session));
	check_sessions_talk(&a, &b);
	seal_buf_free(&init);
	seal_buf_free(&resp);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
	party_free(&m);
}

/* Our own INIT (or one claiming our identity) comes back. */
static void test_reflection(void)
{
	party a, b;
	seal_buf init = SEAL_BUF_INIT, resp = SEAL_BUF_INIT, conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;
	seal_session *got = NULL;
	seal_handshake *before;

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &init));
	before = a.hs;
	CHECK_RC(seal_handshake_receive(&a.hs, a.id, init.data, init.len, &none, &got),
		 SEAL_ERR_REFLECTED);
	CHECK(a.hs == before && got == NULL && none.len == 0);
	/* ... and with no pending handshake at all. */
	{
		seal_handshake *empty = NULL;

		CHECK_RC(seal_handshake_receive(&empty, a.id, init.data, init.len, &none, &got),
			 SEAL_ERR_REFLECTED);
		CHECK(empty == NULL && got == NULL);
	}
	/* Bob's RESPONSE reflected back to Bob (pending responder): state error. */
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, init.data, init.len, &resp, &b.session));
	before = b.hs;
	CHECK_RC(seal_handshake_receive(&b.hs, b.id, resp.data, resp.len, &none, &got), SEAL_ERR_STATE);
	CHECK(b.hs == before);
	/* CONFIRM to an initiator, RESPONSE to a responder: state errors. */
	CHECK_OK(seal_handshake_receive(&a.hs, a.id, resp.data, resp.len, &conf, &a.session));
	{
		party c;
		seal_buf ic = SEAL_BUF_INIT;

		party_init(&c);
		CHECK_OK(seal_handshake_start(&c.hs, c.id, &ic));
		feed_bad(&c, conf.data, conf.len);
		CHECK_RC(seal_handshake_receive(&c.hs, c.id, conf.data, conf.len, &none, &got),
			 SEAL_ERR_STATE);
		seal_buf_free(&ic);
		party_free(&c);
	}
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &b.session));
	check_sessions_talk(&a, &b);
	seal_buf_free(&init);
	seal_buf_free(&resp);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
}

/* A duplicated INIT gets the same RESPONSE; a restarted peer's new INIT
 * replaces the pending responder state. */
static void test_duplicate_and_restart(void)
{
	party a, b;
	seal_buf i1 = SEAL_BUF_INIT, i2 = SEAL_BUF_INIT, r1 = SEAL_BUF_INIT, r1b = SEAL_BUF_INIT;
	seal_buf r2 = SEAL_BUF_INIT, conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &i1));
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, i1.data, i1.len, &r1, &b.session));
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, i1.data, i1.len, &r1b, &b.session));
	CHECK(r1.len == r1b.len && memcmp(r1.data, r1b.data, r1.len) == 0);
	/* Alice restarts before the RESPONSE arrives. */
	seal_handshake_free(a.hs);
	a.hs = NULL;
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &i2));
	CHECK_RC(seal_handshake_receive(&a.hs, a.id, r1.data, r1.len, &none, &a.session), SEAL_ERR_AUTH);
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, i2.data, i2.len, &r2, &b.session));
	CHECK(r2.len == RESPONSE_LEN && memcmp(r2.data, r1.data, r1.len) != 0);
	CHECK_OK(seal_handshake_receive(&a.hs, a.id, r2.data, r2.len, &conf, &a.session));
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &b.session));
	check_sessions_talk(&a, &b);
	seal_buf_free(&i1);
	seal_buf_free(&i2);
	seal_buf_free(&r1);
	seal_buf_free(&r1b);
	seal_buf_free(&r2);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
}

static void check_malformed_variants(party *p, const seal_buf *good)
{
	seal_buf bad = SEAL_BUF_INIT;
	seal_handshake *before = p->hs;
	seal_session *got = NULL;
	seal_buf none = SEAL_BUF_INIT;
	size_t len;

	for (len = 0; len < good->len; len++)
		CHECK_RC(seal_handshake_receive(&p->hs, p->id, good->data, len, &none, &got),
			 SEAL_ERR_TRUNCATED);
	CHECK_OK(seal_buf_alloc(&bad, good->len + 1, 0));
	memcpy(bad.data, good->data, good->len);
	bad.data[good->len] = 0;
	CHECK_RC(seal_handshake_receive(&p->hs, p->id, bad.data, bad.len, &none, &got),
		 SEAL_ERR_MALFORMED);
	bad.len = good->len;
	bad.data[1] = 2;
	CHECK_RC(seal_handshake_receive(&p->hs, p->id, bad.data, bad.len, &none, &got),
		 SEAL_ERR_VERSION);
	bad.data[1] = 1;
	bad.data[0] = SEAL_MSG_DATA;
	CHECK_RC(seal_handshake_receive(&p->hs, p->id, bad.data, bad.len, &none, &got),
		 SEAL_ERR_MALFORMED);
	bad.data[0] = 0;
	CHECK_RC(seal_handshake_receive(&p->hs, p->id, bad.data, bad.len, &none, &got),
		 SEAL_ERR_MALFORMED);
	bad.len = good->len + 1;
	seal_buf_free(&bad);
	CHECK(p->hs == before && got == NULL);
}

static void test_malformed_and_low_order(void)
{
	party a, b;
	seal_buf init = SEAL_BUF_INIT, resp = SEAL_BUF_INIT, conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;
	seal_buf bad = SEAL_BUF_INIT;
	static const uint8_t low_order[2][32] = { { 0 }, { 1 } };
	int k;

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &init));
	check_malformed_variants(&b, &init);
	CHECK(b.hs == NULL);
	/* Low-order ephemeral or identity key in INIT. */
	for (k = 0; k < 2; k++) {
		copy_buf(&bad, &init);
		memcpy(bad.data + 34, low_order[k], 32);
		CHECK_RC(seal_handshake_receive(&b.hs, b.id, bad.data, bad.len, &none, &b.session),
			 SEAL_ERR_LOW_ORDER);
		memcpy(bad.data + 34, init.data + 34, 32);
		memcpy(bad.data + 2, low_order[k], 32);
		CHECK_RC(seal_handshake_receive(&b.hs, b.id, bad.data, bad.len, &none, &b.session),
			 SEAL_ERR_LOW_ORDER);
		CHECK(b.hs == NULL && b.session == NULL);
		seal_buf_free(&bad);
	}
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, init.data, init.len, &resp, &b.session));
	check_malformed_variants(&a, &resp);
	/* Low-order keys in RESPONSE. */
	for (k = 0; k < 2; k++) {
		copy_buf(&bad, &resp);
		memcpy(bad.data + 34, low_order[k], 32);
		CHECK_RC(seal_handshake_receive(&a.hs, a.id, bad.data, bad.len, &none, &a.session),
			 SEAL_ERR_LOW_ORDER);
		seal_buf_free(&bad);
	}
	CHECK_OK(seal_handshake_receive(&a.hs, a.id, resp.data, resp.len, &conf, &a.session));
	check_malformed_variants(&b, &conf);
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &b.session));
	check_sessions_talk(&a, &b);
	/* Bad arguments. */
	CHECK_RC(seal_handshake_start(NULL, a.id, &none), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_handshake_receive(NULL, a.id, init.data, init.len, &none, &a.session),
		 SEAL_ERR_ARGUMENT);
	seal_buf_free(&init);
	seal_buf_free(&resp);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
}

/* Save, free and load a pending handshake; it saves to the same bytes. */
static void reload_handshake(party *p)
{
	seal_buf blob = SEAL_BUF_INIT, again = SEAL_BUF_INIT;

	CHECK_OK(seal_handshake_save(p->hs, &blob));
	CHECK(blob.secure == 1 && memcmp(blob.data, "SEAL\x04\x01", 6) == 0);
	seal_handshake_free(p->hs);
	p->hs = NULL;
	CHECK_OK(seal_handshake_load(&p->hs, blob.data, blob.len));
	CHECK_OK(seal_handshake_save(p->hs, &again));
	CHECK(buf_equal(&blob, &again));
	seal_buf_free(&blob);
	seal_buf_free(&again);
}

/* Both sides restart their client in the middle of the handshake. */
static void test_pending_survives_restart(void)
{
	party a, b;
	seal_buf init = SEAL_BUF_INIT, resp = SEAL_BUF_INIT, resp2 = SEAL_BUF_INIT;
	seal_buf conf = SEAL_BUF_INIT, none = SEAL_BUF_INIT;
	uint8_t seen[32];

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_handshake_start(&a.hs, a.id, &init));
	reload_handshake(&a); /* Alice quits while Bob is offline */
	CHECK_RC(seal_handshake_peer_identity(a.hs, seen), SEAL_ERR_STATE);
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, init.data, init.len, &resp, &b.session));
	reload_handshake(&b); /* Bob quits before the CONFIRM */
	CHECK_OK(seal_handshake_peer_identity(b.hs, seen));
	CHECK(memcmp(seen, seal_identity_public(a.id), 32) == 0);
	/* The reloaded responder still answers a duplicate INIT identically. */
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, init.data, init.len, &resp2, &b.session));
	CHECK(resp2.len == resp.len && memcmp(resp2.data, resp.data, resp.len) == 0);
	CHECK_OK(seal_handshake_receive(&a.hs, a.id, resp.data, resp.len, &conf, &a.session));
	CHECK_OK(seal_handshake_receive(&b.hs, b.id, conf.data, conf.len, &none, &b.session));
	check_sessions_talk(&a, &b);
	CHECK_RC(seal_handshake_save(NULL, &none), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_handshake_load(NULL, init.data, init.len), SEAL_ERR_ARGUMENT);
	seal_buf_free(&init);
	seal_buf_free(&resp);
	seal_buf_free(&resp2);
	seal_buf_free(&conf);
	party_free(&a);
	party_free(&b);
}

int main(void)
{
	int i;

	test_rng_seed_from_env();
	test_normal();
	for (i = 0; i < 16; i++)
		test_simultaneous(i % 2);
	test_tampering();
	test_reflection();
	test_duplicate_and_restart();
	test_malformed_and_low_order();
	test_pending_survives_restart();
	printf("ok\n");
	return 0;
}
