/* Protocol tests: the two-party harness. */
#include <string.h>
#include <time.h>
#include "tests/protocol/harness.h"

unsigned long test_seed;
static uint64_t rng_state;

void test_rng_seed_from_env(void)
{
	const char *env = getenv("SEAL_TEST_SEED");

	test_seed = env ? strtoul(env, NULL, 10) : (unsigned long)time(NULL);
	rng_state = (uint64_t)test_seed * 0x9E3779B97F4A7C15ULL + 1;
	printf("seed %lu (set SEAL_TEST_SEED to repeat)\n", test_seed);
	fflush(stdout);
}

uint64_t test_rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

uint32_t test_rng_below(uint32_t bound)
{
	return (uint32_t)(test_rng_next() % bound);
}

void party_init(party *p)
{
	memset(p, 0, sizeof(*p));
	CHECK_OK(seal_identity_generate(&p->id));
}

void party_free(party *p)
{
	seal_handshake_free(p->hs);
	seal_session_free(p->session);
	seal_identity_free(p->id);
	memset(p, 0, sizeof(*p));
}

void handshake_pair(party *a, party *b)
{
	seal_buf init = SEAL_BUF_INIT, response = SEAL_BUF_INIT, confirm = SEAL_BUF_INIT;
	seal_buf none = SEAL_BUF_INIT;

	CHECK_OK(seal_handshake_start(&a->hs, a->id, &init));
	CHECK_OK(seal_handshake_receive(&b->hs, b->id, init.data, init.len, &response, &b->session));
	CHECK(response.len > 0 && b->session == NULL && b->hs != NULL);
	CHECK_OK(seal_handshake_receive(&a->hs, a->id, response.data, response.len, &confirm,
					&a->session));
	CHECK(confirm.len > 0 && a->session != NULL && a->hs == NULL);
	CHECK_OK(seal_handshake_receive(&b->hs, b->id, confirm.data, confirm.len, &none,
					&b->session));
	CHECK(none.len == 0 && b->session != NULL && b->hs == NULL);
	seal_buf_free(&init);
	seal_buf_free(&response);
	seal_buf_free(&confirm);
}

static size_t counted_text(char *text, size_t cap, int from_a, uint32_t serial)
{
	int n = snprintf(text, cap, "%s message %u %.*s", from_a ? "alice" : "bob", serial,
			 (int)(serial % 97), "................................................"
					     "..................................................");
	return (size_t)n;
}

wire_msg send_counted(party *from, int from_a, uint32_t serial)
{
	char text[256];
	size_t len = counted_text(text, sizeof(text), from_a, serial);
	seal_buf out = SEAL_BUF_INIT;
	wire_msg m;

	CHECK_OK(seal_session_encrypt(from->session, (const uint8_t *)text, len, &out));
	m.data = malloc(out.len);
	CHECK(m.data != NULL);
	memcpy(m.data, out.data, out.len);
	m.len = out.len;
	m.from_a = from_a;
	m.serial = serial;
	seal_buf_free(&out);
	return m;
}

void receive_counted(party *to, const wire_msg *m)
{
	char text[256];
	size_t len = counted_text(text, sizeof(text), m->from_a, m->serial);
	seal_buf out = SEAL_BUF_INIT;

	CHECK_OK(seal_session_decrypt(to->session, m->data, m->len, &out));
	CHECK(out.len == len && memcmp(out.data, text, len) == 0);
	seal_buf_free(&out);
}

void wire_msg_free(wire_msg *m)
{
	free(m->data);
	m->data = NULL;
	m->len = 0;
}

void session_snapshot(const seal_session *s, seal_buf *out)
{
	CHECK_OK(seal_session_save(s, out));
}

int buf_equal(const seal_buf *a, const seal_buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}
