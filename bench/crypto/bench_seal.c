/* seal-bench: the Seal half.  Two identities in one process; every message
 * takes the plugin's path: payload encode, session encrypt, wire armor, then
 * wire decode, session decrypt, payload decode. */
#include <stdlib.h>
#include <string.h>

#include "crypto/buf.h"
#include "crypto/error.h"
#include "crypto/handshake.h"
#include "crypto/identity.h"
#include "crypto/payload.h"
#include "crypto/primitives.h"
#include "crypto/session.h"
#include "crypto/wire.h"

#include "bench_seal.h"

#define SEAL_BENCH_MAX_HANDSHAKE_STEPS 8

struct seal_party {
	seal_identity *id;
	seal_handshake *hs;
	seal_session *session;
};

int bench_seal_init(void)
{
	return seal_crypto_init() == SEAL_OK ? 0 : -1;
}

/* Binary protocol message -> armored text -> binary again, as on the network.
 * wire_chars (may be NULL) receives the armored length. */
static int seal_through_wire(const seal_buf *msg, seal_buf *received, size_t *wire_chars)
{
	seal_buf text = SEAL_BUF_INIT;
	int rc = seal_wire_encode(msg->data, msg->len, &text);

	if (rc == SEAL_OK) {
		size_t len = strlen((const char *)text.data);

		if (wire_chars != NULL)
			*wire_chars = len;
		rc = seal_wire_decode((const char *)text.data, len, received);
	}
	seal_buf_free(&text);
	return rc;
}

static void seal_party_clear(struct seal_party *p)
{
	seal_handshake_free(p->hs);
	seal_session_free(p->session);
	p->hs = NULL;
	p->session = NULL;
}

/* INIT, RESPONSE, CONFIRM through the wire codec until both sessions exist. */
static int seal_handshake_pair(struct seal_party *p)
{
	seal_buf out = SEAL_BUF_INIT, in = SEAL_BUF_INIT;
	int to = 1, steps = 0, rc;

	rc = seal_handshake_start(&p[0].hs, p[0].id, &out);
	while (rc == SEAL_OK && out.len > 0 && steps++ < SEAL_BENCH_MAX_HANDSHAKE_STEPS) {
		rc = seal_through_wire(&out, &in, NULL);
		seal_buf_free(&out);
		if (rc == SEAL_OK)
			rc = seal_handshake_receive(&p[to].hs, p[to].id, in.data, in.len, &out,
						    &p[to].session);
		seal_buf_free(&in);
		to = 1 - to;
	}
	seal_buf_free(&out);
	if (rc != SEAL_OK || p[0].session == NULL || p[1].session == NULL)
		return -1;
	return 0;
}

/* Sender encrypts text; the other side decrypts it; checks the round trip. */
static int seal_send_receive(struct seal_party *p, int from, const char *text, size_t text_len,
			     size_t *wire_chars)
{
	seal_payload payload, got;
	seal_buf encoded = SEAL_BUF_INIT, msg = SEAL_BUF_INIT, in = SEAL_BUF_INIT, plain = SEAL_BUF_INIT;
	int rc;

	memset(&payload, 0, sizeof payload);
	payload.format = SEAL_FORMAT_PLAIN;
	payload.timestamp_us = 1700000000000000LL;
	payload.text = text;
	payload.text_len = text_len;
	rc = seal_random_nonce(payload.id, sizeof payload.id);
	if (rc == SEAL_OK)
		rc = seal_payload_encode(&payload, &encoded);
	if (rc == SEAL_OK)
		rc = seal_session_encrypt(p[from].session, encoded.data, encoded.len, &msg);
	if (rc == SEAL_OK)
		rc = seal_through_wire(&msg, &in, wire_chars);
	if (rc == SEAL_OK)
		rc = seal_session_decrypt(p[1 - from].session, in.data, in.len, &plain);
	if (rc == SEAL_OK)
		rc = seal_payload_decode(&got, plain.data, plain.len);
	if (rc == SEAL_OK && (got.text_len != text_len || memcmp(got.text, text, text_len) != 0 ||
			      memcmp(got.id, payload.id, sizeof payload.id) != 0))
		rc = SEAL_ERR_AUTH;
	seal_buf_free(&encoded);
	seal_buf_free(&msg);
	seal_buf_free(&in);
	seal_buf_free(&plain);
	return rc == SEAL_OK ? 0 : -1;
}

/* The state of the Seal side between calls. */
struct seal_bench {
	struct seal_party conv[2];  /* an established conversation */
	struct seal_party fresh[2]; /* the same identities, for timed handshakes */
};

static int seal_bench_keygen(void *state, double *ms)
{
	seal_identity *id = NULL;
	double t0 = bench_now_us();
	int rc = seal_identity_generate(&id) == SEAL_OK ? 0 : -1;

	(void)state;
	*ms = (bench_now_us() - t0) / 1e3;
	seal_identity_free(id);
	return rc;
}

static int seal_bench_handshake(void *state, double *ms)
{
	struct seal_bench *b = state;
	double t0 = bench_now_us();
	int rc = seal_handshake_pair(b->fresh);

	*ms = (bench_now_us() - t0) / 1e3;
	seal_party_clear(&b->fresh[0]);
	seal_party_clear(&b->fresh[1]);
	return rc;
}

static int seal_bench_messages(void *state, const char *text, size_t len, int alternate, int count,
			       double *us_per_msg)
{
	struct seal_bench *b = state;
	double t0 = bench_now_us();
	int m, rc = 0;

	for (m = 0; m < count && rc == 0; m++)
		rc = seal_send_receive(b->conv, alternate ? m % 2 : 0, text, len, NULL);
	*us_per_msg = (bench_now_us() - t0) / count;
	return rc;
}

static int seal_bench_wire_chars(void *state, const char *text, size_t len, size_t *chars)
{
	struct seal_bench *b = state;

	return seal_send_receive(b->conv, 0, text, len, chars);
}

static void seal_bench_close(void *state)
{
	struct seal_bench *b = state;
	int i;

	if (b == NULL)
		return;
	for (i = 0; i < 2; i++) {
		seal_party_clear(&b->conv[i]);
		seal_party_clear(&b->fresh[i]);
		seal_identity_free(b->conv[i].id); /* fresh[i].id is the same identity */
	}
	free(b);
}

static int seal_bench_open(void **state)
{
	struct seal_bench *b = calloc(1, sizeof *b);
	int i, rc = 0;

	*state = b;
	if (b == NULL)
		return -1;
	for (i = 0; i < 2 && rc == 0; i++) {
		if (seal_identity_generate(&b->conv[i].id) != SEAL_OK)
			rc = -1;
		else
			b->fresh[i].id = b->conv[i].id;
	}
	if (rc == 0)
		rc = seal_handshake_pair(b->conv);
	/* One message each way first, as on the libotr side. */
	if (rc == 0)
		rc = seal_send_receive(b->conv, 0, "hello", 5, NULL);
	if (rc == 0)
		rc = seal_send_receive(b->conv, 1, "hello", 5, NULL);
	return rc;
}

const bench_impl bench_seal_impl = {
	.name = "Seal",
	.open = seal_bench_open,
	.close = seal_bench_close,
	.keygen = seal_bench_keygen,
	.handshake = seal_bench_handshake,
	.messages = seal_bench_messages,
	.wire_chars = seal_bench_wire_chars,
};
