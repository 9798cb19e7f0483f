/* Protocol: conversations over the ratchet — 10,000 messages interleaved in
 * both directions with messages in flight, concurrent first messages,
 * out-of-order delivery, loss and replays. */
#include <string.h>
#include "tests/protocol/harness.h"

#define QUEUE_MAX 64

typedef struct {
	wire_msg items[QUEUE_MAX];
	size_t len;
} queue;

static void queue_push(queue *q, wire_msg m)
{
	CHECK(q->len < QUEUE_MAX);
	q->items[q->len++] = m;
}

static wire_msg queue_take(queue *q, size_t index)
{
	wire_msg m = q->items[index];

	memmove(q->items + index, q->items + index + 1, (q->len - index - 1) * sizeof(m));
	q->len--;
	return m;
}

/* Replaying m must fail (with SEAL_ERR_REPLAY when strict; a message of an
 * old chain whose keys are all gone may also fail as SEAL_ERR_AUTH) and
 * change nothing. */
static void check_replay_rejected_as(party *to, const wire_msg *m, int strict)
{
	seal_buf before = SEAL_BUF_INIT, after = SEAL_BUF_INIT, out = SEAL_BUF_INIT;
	int rc;

	session_snapshot(to->session, &before);
	rc = seal_session_decrypt(to->session, m->data, m->len, &out);
	if (strict)
		CHECK_RC(rc, SEAL_ERR_REPLAY);
	else
		CHECK(rc == SEAL_ERR_REPLAY || rc == SEAL_ERR_AUTH);
	CHECK(out.data == NULL && out.len == 0);
	session_snapshot(to->session, &after);
	CHECK(buf_equal(&before, &after));
	seal_buf_free(&before);
	seal_buf_free(&after);
}

static void check_replay_rejected(party *to, const wire_msg *m)
{
	check_replay_rejected_as(to, m, 1);
}

/* 10,000 messages: a random speaker sends, random deliveries (mostly in
 * order, sometimes out of order), both queues in flight at once. */
static void test_ten_thousand(void)
{
	party a, b;
	queue to_b = { .len = 0 }, to_a = { .len = 0 };
	uint32_t sent_a = 0, sent_b = 0, received = 0, replays = 0;
	const uint32_t total = 10000;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	while (received < total) {
		uint32_t action = test_rng_below(10);
		queue *q;
		party *to;

		if (sent_a + sent_b < total && action < 5) {
			int from_a = test_rng_below(2);
			queue *dst = from_a ? &to_b : &to_a;

			if (dst->len < QUEUE_MAX / 2) {
				wire_msg m = send_counted(from_a ? &a : &b, from_a,
							  from_a ? sent_a++ : sent_b++);
				queue_push(dst, m);
			}
			continue;
		}
		q = test_rng_below(2) ? &to_b : &to_a;
		to = q == &to_b ? &b : &a;
		if (q->len == 0)
			continue;
		{
			size_t index = test_rng_below(8) == 0 ? test_rng_below((uint32_t)q->len) : 0;
			wire_msg m = queue_take(q, index);

			receive_counted(to, &m);
			received++;
			if (test_rng_below(50) == 0) {
				check_replay_rejected_as(to, &m, 0);
				replays++;
			}
			wire_msg_free(&m);
		}
	}
	CHECK(sent_a + sent_b == total && to_a.len == 0 && to_b.len == 0);
	CHECK(sent_a > 0 && sent_b > 0 && replays > 0);
	printf("10000 messages: %u from alice, %u from bob, %u replays rejected\n", sent_a, sent_b,
	       replays);
	party_free(&a);
	party_free(&b);
}

/* Right after the handshake, both send before receiving anything. */
static void test_concurrent_first_messages(void)
{
	int round;

	for (round = 0; round < 4; round++) {
		party a, b;
		wire_msg ma[3], mb[3];
		int i;

		party_init(&a);
		party_init(&b);
		handshake_pair(&a, &b);
		for (i = 0; i < 3; i++) {
			ma[i] = send_counted(&a, 1, (uint32_t)i);
			mb[i] = send_counted(&b, 0, (uint32_t)i);
		}
		for (i = 0; i < 3; i++) {
			int k = round & 1 ? 2 - i : i; /* in order, or reversed */

			if (round & 2) {
				receive_counted(&a, &mb[k]);
				receive_counted(&b, &ma[k]);
			} else {
				receive_counted(&b, &ma[k]);
				receive_counted(&a, &mb[k]);
			}
		}
		for (i = 0; i < 3; i++) {
			check_replay_rejected(&b, &ma[i]);
			check_replay_rejected(&a, &mb[i]);
			wire_msg_free(&ma[i]);
			wire_msg_free(&mb[i]);
		}
		/* And they keep talking, both ways. */
		for (i = 0; i < 6; i++) {
			int from_a = (i / 2) % 2;
			wire_msg m = send_counted(from_a ? &a : &b, from_a, 100 + (uint32_t)i);

			receive_counted(from_a ? &b : &a, &m);
			wire_msg_free(&m);
		}
		party_free(&a);
		party_free(&b);
	}
}

/* Out of order across ratchet turns, with losses; replays of every kind. */
static void test_out_of_order_and_loss(void)
{
	party a, b;
	wire_msg old_chain[40], new_chain[10], reply;
	uint32_t order[40], i, j, tmp;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	for (i = 0; i < 40; i++)
		old_chain[i] = send_counted(&a, 1, i);
	/* Bob gets a shuffled half of Alice's first chain; the rest is late or lost. */
	for (i = 0; i < 40; i++)
		order[i] = i;
	for (i = 39; i > 0; i--) {
		j = test_rng_below(i + 1);
		tmp = order[i], order[i] = order[j], order[j] = tmp;
	}
	for (i = 0; i < 20; i++)
		receive_counted(&b, &old_chain[order[i]]);
	/* Bob answers (a DH turn), Alice answers back (another turn). */
	reply = send_counted(&b, 0, 0);
	receive_counted(&a, &reply);
	wire_msg_free(&reply);
	for (i = 0; i < 10; i++)
		new_chain[i] = send_counted(&a, 1, 40 + i);
	/* New chain first, in reverse, skipping one (lost). */
	for (i = 10; i-- > 1;)
		receive_counted(&b, &new_chain[i]);
	/* Late messages of the old chain: every other one arrives, the rest are lost. */
	for (i = 20; i < 40; i += 2)
		receive_counted(&b, &old_chain[order[i]]);
	/* Replays of everything delivered: skipped-key ones, current chain, old chain. */
	for (i = 0; i < 20; i++)
		check_replay_rejected(&b, &old_chain[order[i]]);
	for (i = 1; i < 10; i++)
		check_replay_rejected(&b, &new_chain[i]);
	/* The lost ones can still arrive later. */
	receive_counted(&b, &new_chain[0]);
	for (i = 21; i < 40; i += 2)
		receive_counted(&b, &old_chain[order[i]]);
	for (i = 0; i < 40; i++)
		wire_msg_free(&old_chain[i]);
	for (i = 0; i < 10; i++)
		wire_msg_free(&new_chain[i]);
	/* Messages lost for good do not stop the conversation. */
	for (i = 0; i < 30; i++) {
		int from_a = test_rng_below(2);
		wire_msg m = send_counted(from_a ? &a : &b, from_a, 1000 + i);

		if (test_rng_below(3) != 0)
			receive_counted(from_a ? &b : &a, &m);
		wire_msg_free(&m);
	}
	party_free(&a);
	party_free(&b);
}

/* Our own message fed back to us is refused without touching the state. */
static void test_reflected_data(void)
{
	party a, b;
	wire_msg m;
	seal_buf out = SEAL_BUF_INIT, before = SEAL_BUF_INIT, after = SEAL_BUF_INIT;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	m = send_counted(&a, 1, 0);
	session_snapshot(a.session, &before);
	CHECK_RC(seal_session_decrypt(a.session, m.data, m.len, &out), SEAL_ERR_REFLECTED);
	session_snapshot(a.session, &after);
	CHECK(buf_equal(&before, &after));
	receive_counted(&b, &m);
	wire_msg_free(&m);
	seal_buf_free(&before);
	seal_buf_free(&after);
	party_free(&a);
	party_free(&b);
}

/* A message of one session is refused by another session between the same
 * two people (its session id and keys differ), without touching it. */
static void test_other_session_refused(void)
{
	party a, b, a2, b2;
	wire_msg m;
	seal_buf out = SEAL_BUF_INIT, before = SEAL_BUF_INIT, after = SEAL_BUF_INIT;
	uint8_t id1[SEAL_SESSION_ID_LEN], id2[SEAL_SESSION_ID_LEN];

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	memset(&a2, 0, sizeof(a2));
	memset(&b2, 0, sizeof(b2));
	a2.id = a.id;
	b2.id = b.id;
	handshake_pair(&a2, &b2);
	CHECK_OK(seal_session_id(a.session, id1));
	CHECK_OK(seal_session_id(a2.session, id2));
	CHECK(memcmp(id1, id2, sizeof(id1)) != 0);
	m = send_counted(&b, 0, 0); /* responder's first message: no DH turn */
	session_snapshot(a2.session, &before);
	CHECK_RC(seal_session_decrypt(a2.session, m.data, m.len, &out), SEAL_ERR_AUTH);
	session_snapshot(a2.session, &after);
	CHECK(buf_equal(&before, &after));
	receive_counted(&a, &m);
	wire_msg_free(&m);
	seal_buf_free(&before);
	seal_buf_free(&after);
	seal_session_free(a2.session);
	seal_session_free(b2.session);
	party_free(&a);
	party_free(&b);
}

int main(void)
{
	test_rng_seed_from_env();
	test_other_session_refused();
	test_concurrent_first_messages();
	test_out_of_order_and_loss();
	test_reflected_data();
	test_ten_thousand();
	printf("ok\n");
	return 0;
}
