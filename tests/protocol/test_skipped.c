/* Protocol: the skipped-key bound.  1000 skipped in one step are accepted,
 * 1001 are refused (state unchanged); across steps the store keeps at most
 * 1000 keys and drops the oldest. */
#include <string.h>
#include "tests/protocol/harness.h"

#define COUNT 1012

static wire_msg msgs[COUNT];

static void send_many(party *from, int from_a, uint32_t first, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++)
		msgs[first + i] = send_counted(from, from_a, first + i);
}

static void free_many(uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++)
		wire_msg_free(&msgs[i]);
}

static void expect_refused(party *to, const wire_msg *m, int want)
{
	seal_buf before = SEAL_BUF_INIT, after = SEAL_BUF_INIT, out = SEAL_BUF_INIT;

	session_snapshot(to->session, &before);
	CHECK_RC(seal_session_decrypt(to->session, m->data, m->len, &out), want);
	session_snapshot(to->session, &after);
	CHECK(buf_equal(&before, &after));
	seal_buf_free(&before);
	seal_buf_free(&after);
}

/* In one chain: message 1001 (1001 skipped) refused, 1000 accepted. */
static void test_one_step_bound(void)
{
	party a, b;
	uint32_t i;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	send_many(&a, 1, 0, 1002);
	expect_refused(&b, &msgs[1001], SEAL_ERR_TOO_MANY_SKIPPED);
	receive_counted(&b, &msgs[1000]); /* skips 0..999: exactly 1000 */
	receive_counted(&b, &msgs[1001]);
	/* All 1000 stored keys work, in any order; each only once. */
	for (i = 0; i < 1000; i += 2)
		receive_counted(&b, &msgs[999 - i]);
	for (i = 1; i < 1000; i += 2)
		receive_counted(&b, &msgs[999 - i]);
	expect_refused(&b, &msgs[500], SEAL_ERR_REPLAY);
	free_many(1002);
	party_free(&a);
	party_free(&b);
}

/* Across a DH turn the skips of both chains count together. */
static void test_bound_across_turn(void)
{
	party a, b;
	wire_msg reply, next[2];

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	send_many(&a, 1, 0, 601);
	receive_counted(&b, &msgs[0]);
	reply = send_counted(&b, 0, 0);
	receive_counted(&a, &reply);
	wire_msg_free(&reply);
	/* Alice's next chain: PN = 601, so 600 old keys are pending at Bob. */
	next[0] = send_counted(&a, 1, 2000);
	next[1] = send_counted(&a, 1, 2001);
	/* 600 old + 400 new = 1000 is fine, but 600 + 401 is not. */
	{
		uint32_t i;
		wire_msg far[402];

		for (i = 0; i < 400; i++)
			far[i] = send_counted(&a, 1, 3000 + i);
		far[400] = send_counted(&a, 1, 3400);
		far[401] = send_counted(&a, 1, 3401);
		/* far[399] is N = 401 in the new chain: 600 + 401 skips. */
		expect_refused(&b, &far[399], SEAL_ERR_TOO_MANY_SKIPPED);
		expect_refused(&b, &far[401], SEAL_ERR_TOO_MANY_SKIPPED);
		/* far[398] is N = 400: 600 + 400 skips, accepted. */
		receive_counted(&b, &far[398]);
		receive_counted(&b, &next[1]);
		receive_counted(&b, &next[0]);
		receive_counted(&b, &msgs[600]);
		receive_counted(&b, &msgs[1]);
		receive_counted(&b, &far[401]);
		receive_counted(&b, &far[399]);
		receive_counted(&b, &far[0]);
		for (i = 0; i < 402; i++)
			wire_msg_free(&far[i]);
	}
	wire_msg_free(&next[0]);
	wire_msg_free(&next[1]);
	free_many(601);
	party_free(&a);
	party_free(&b);
}

/* Two steps storing 1000 + 10 keys: the 10 oldest are dropped. */
static void test_oldest_dropped(void)
{
	party a, b;
	uint32_t i;

	party_init(&a);
	party_init(&b);
	handshake_pair(&a, &b);
	send_many(&a, 1, 0, COUNT);
	receive_counted(&b, &msgs[1000]);     /* stores 0..999 */
	receive_counted(&b, &msgs[COUNT - 1]); /* stores 1001..1010: 10 more */
	for (i = 0; i < 10; i++)
		expect_refused(&b, &msgs[i], SEAL_ERR_REPLAY);
	for (i = 10; i < 1000; i++)
		receive_counted(&b, &msgs[i]);
	for (i = 1001; i < COUNT - 1; i++)
		receive_counted(&b, &msgs[i]);
	free_many(COUNT);
	party_free(&a);
	party_free(&b);
}

int main(void)
{
	test_rng_seed_from_env();
	test_one_step_bound();
	test_bound_across_turn();
	test_oldest_dropped();
	printf("ok\n");
	return 0;
}
