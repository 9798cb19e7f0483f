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
static int seal_handshake_pair(struct seal_party p[2])
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
static int seal_send_receive(struct seal_party p[2], int from, const char *text, size_t text_len,
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

static int seal_measure_keygen(const bench_config *cfg, bench_figures *out)
{
	double *t = calloc((size_t)cfg->keygen_runs, sizeof *t);
	int i, rc = t == NULL ? -1 : 0;

	for (i = 0; i < cfg->keygen_runs && rc == 0; i++) {
		seal_identity *id = NULL;
		double t0 = bench_now_us();

		if (seal_identity_generate(&id) != SEAL_OK)
			rc = -1;
		t[i] = (bench_now_us() - t0) / 1e3;
		seal_identity_free(id);
	}
	if (rc == 0)
		out->keygen_ms = bench_median(t, cfg->keygen_runs);
	free(t);
	return rc;
}

static int seal_measure_handshake(const bench_config *cfg, struct seal_party p[2], bench_figures *out)
{
	double *t = calloc((size_t)cfg->handshake_runs, sizeof *t);
	int i, rc = t == NULL ? -1 : 0;

	for (i = 0; i < cfg->handshake_runs && rc == 0; i++) {
		double t0 = bench_now_us();

		rc = seal_handshake_pair(p);
		t[i] = (bench_now_us() - t0) / 1e3;
		seal_party_clear(&p[0]);
		seal_party_clear(&p[1]);
	}
	if (rc == 0)
		out->handshake_ms = bench_median(t, cfg->handshake_runs);
	free(t);
	return rc;
}

/* Median over rounds of the mean time per message (µs). */
static int seal_measure_messages(const bench_config *cfg, struct seal_party p[2], const char *text,
				 size_t len, int alternate, double *us_per_msg)
{
	int msgs = alternate ? cfg->alternating_msgs : cfg->oneway_msgs;
	double *t = calloc((size_t)cfg->rounds, sizeof *t);
	int r, m, rc = t == NULL ? -1 : 0;

	for (r = 0; r < cfg->rounds && rc == 0; r++) {
		double t0 = bench_now_us();

		for (m = 0; m < msgs && rc == 0; m++)
			rc = seal_send_receive(p, alternate ? m % 2 : 0, text, len, NULL);
		t[r] = (bench_now_us() - t0) / msgs;
	}
	if (rc == 0)
		*us_per_msg = bench_median(t, cfg->rounds);
	free(t);
	return rc;
}

static int seal_measure_all_messages(const bench_config *cfg, struct seal_party p[2], bench_figures *out)
{
	char *text;
	int s, rc = seal_handshake_pair(p);

	/* One message each way first, as on the libotr side. */
	if (rc == 0)
		rc = seal_send_receive(p, 0, "hello", 5, NULL);
	if (rc == 0)
		rc = seal_send_receive(p, 1, "hello", 5, NULL);
	for (s = 0; s < BENCH_SIZES && rc == 0; s++) {
		text = bench_text(bench_sizes[s], (unsigned)s);
		rc = text == NULL ? -1 : 0;
		if (rc == 0 && s == 0)
			rc = seal_send_receive(p, 0, text, bench_sizes[s], &out->wire_chars_100);
		if (rc == 0)
			rc = seal_measure_messages(cfg, p, text, bench_sizes[s], 0, &out->oneway_us[s]);
		if (rc == 0)
			rc = seal_measure_messages(cfg, p, text, bench_sizes[s], 1, &out->alternating_us[s]);
		free(text);
	}
	seal_party_clear(&p[0]);
	seal_party_clear(&p[1]);
	return rc;
}

int bench_seal_run(const bench_config *cfg, bench_figures *out)
{
	struct seal_party p[2];
	int rc;

	memset(out, 0, sizeof *out);
	memset(p, 0, sizeof p);
	rc = seal_measure_keygen(cfg, out);
	if (rc == 0 && (seal_identity_generate(&p[0].id) != SEAL_OK ||
			seal_identity_generate(&p[1].id) != SEAL_OK))
		rc = -1;
	if (rc == 0)
		rc = seal_measure_handshake(cfg, p, out);
	if (rc == 0)
		rc = seal_measure_all_messages(cfg, p, out);
	seal_identity_free(p[0].id);
	seal_identity_free(p[1].id);
	return rc;
}
