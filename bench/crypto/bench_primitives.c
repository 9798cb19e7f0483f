/* seal-bench: per-call cost of Seal's primitives (libgcrypt underneath), the
 * figures that explain the protocol-level ones. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/wire.h"

#include "bench_primitives.h"
#include "bench_util.h"

#define PRIM_ROUNDS 5
/* Different messages in turn: parsing the same text again and again lets the
 * branch predictor learn it and understates the cost seen with real traffic. */
#define PRIM_WIRE_MSGS 64
#define PRIM_WIRE_MSG_LEN 1162 /* a DATA message's size for 1 KiB of text */

typedef struct {
	seal_crypto_ctx *ctx;
	uint8_t secret[32], pub[32], peer[32], out[32];
	uint8_t seed[32], ed_pub[32], sig[64];
	uint8_t key[32], nonce[12], plain[100], sealed[116], opened[100];
	uint8_t *data_msgs;     /* PRIM_WIRE_MSGS different random messages */
	unsigned data_turn;
} prim_state;

typedef int (*prim_op)(prim_state *st);

static int op_x25519(prim_state *st)
{
	return seal_x25519(st->out, st->secret, st->peer);
}

static int op_x25519_keypair(prim_state *st)
{
	return seal_x25519_keypair(st->secret, st->pub);
}

static int op_ed25519_sign(prim_state *st)
{
	return seal_ed25519_sign(st->sig, st->seed, st->ed_pub, st->plain, sizeof st->plain);
}

static int op_ed25519_verify(prim_state *st)
{
	return seal_ed25519_verify(st->sig, st->ed_pub, st->plain, sizeof st->plain);
}

static int op_ctx_aead_seal_open(prim_state *st)
{
	int rc = seal_ctx_aead_encrypt(st->ctx, st->sealed, st->key, st->nonce, NULL, 0, st->plain,
				       sizeof st->plain);

	if (rc == SEAL_OK)
		rc = seal_ctx_aead_decrypt(st->ctx, st->opened, st->key, st->nonce, NULL, 0, st->sealed,
					   sizeof st->sealed);
	return rc;
}

static int op_aead_one_shot(prim_state *st)
{
	return seal_aead_encrypt(st->sealed, st->key, st->nonce, NULL, 0, st->plain, sizeof st->plain);
}

static int op_ctx_hmac(prim_state *st)
{
	return seal_ctx_hmac_sha256(st->ctx, st->out, st->key, 32, st->plain, 1);
}

static int op_hkdf(prim_state *st)
{
	return seal_hkdf_sha256(st->out, 32, st->key, 32, st->secret, 32, st->nonce, 12);
}

static int op_random_32(prim_state *st)
{
	return seal_random(st->out, 32);
}

static int op_random_nonce_16(prim_state *st)
{
	return seal_random_nonce(st->out, 16);
}

/* Armor a binary message of len bytes and parse it back, as every message
 * does on its way (the size of a DATA message for 100 B / 1 KiB of text). */
static int wire_round_trip(prim_state *st, size_t len)
{
	const uint8_t *msg = st->data_msgs + (size_t)(st->data_turn++ % PRIM_WIRE_MSGS) * PRIM_WIRE_MSG_LEN;
	seal_buf text = SEAL_BUF_INIT, back = SEAL_BUF_INIT;
	int rc = seal_wire_encode(msg, len, &text);

	if (rc == SEAL_OK)
		rc = seal_wire_decode((const char *)text.data, strlen((const char *)text.data), &back);
	if (rc == SEAL_OK && (back.len != len || memcmp(back.data, msg, len) != 0))
		rc = SEAL_ERR_MALFORMED;
	seal_buf_free(&text);
	seal_buf_free(&back);
	return rc;
}

static int op_wire_250(prim_state *st)
{
	return wire_round_trip(st, 250);
}

static int op_wire_1162(prim_state *st)
{
	return wire_round_trip(st, PRIM_WIRE_MSG_LEN);
}

struct prim_case {
	const char *label;
	prim_op op;
	int calls; /* per round, full run */
};

static const struct prim_case prim_cases[] = {
	{ "X25519 scalar multiplication", op_x25519, 200 },
	{ "X25519 key pair (random + base point)", op_x25519_keypair, 200 },
	{ "Ed25519 sign, 100 B", op_ed25519_sign, 100 },
	{ "Ed25519 verify, 100 B", op_ed25519_verify, 100 },
	{ "ChaCha20-Poly1305 seal+open 100 B, ctx", op_ctx_aead_seal_open, 20000 },
	{ "ChaCha20-Poly1305 seal 100 B, one-shot", op_aead_one_shot, 5000 },
	{ "HMAC-SHA256, ctx", op_ctx_hmac, 20000 },
	{ "HKDF-SHA256, 32 B out", op_hkdf, 5000 },
	{ "seal_random, 32 B", op_random_32, 5000 },
	{ "seal_random_nonce, 16 B", op_random_nonce_16, 20000 },
	{ "wire armor+parse, 250 B (100 B text)", op_wire_250, 5000 },
	{ "wire armor+parse, 1162 B (1 KiB text)", op_wire_1162, 2000 },
};

static int prim_setup(prim_state *st)
{
	uint8_t peer_secret[32];
	int rc, i;

	memset(st, 0, sizeof *st);
	rc = seal_crypto_ctx_new(&st->ctx);
	if (rc == SEAL_OK)
		rc = seal_x25519_keypair(st->secret, st->pub);
	if (rc == SEAL_OK)
		rc = seal_x25519_keypair(peer_secret, st->peer);
	if (rc == SEAL_OK)
		rc = seal_random(st->seed, sizeof st->seed);
	st->data_msgs = malloc((size_t)PRIM_WIRE_MSGS * PRIM_WIRE_MSG_LEN);
	if (st->data_msgs == NULL)
		rc = SEAL_ERR_NOMEM;
	for (i = 0; rc == SEAL_OK && i < PRIM_WIRE_MSGS; i++) {
		rc = seal_random(st->data_msgs + (size_t)i * PRIM_WIRE_MSG_LEN, PRIM_WIRE_MSG_LEN);
		st->data_msgs[(size_t)i * PRIM_WIRE_MSG_LEN] = SEAL_MSG_DATA;
	}
	if (rc == SEAL_OK)
		rc = seal_ed25519_public(st->ed_pub, st->seed);
	if (rc == SEAL_OK)
		rc = seal_ed25519_sign(st->sig, st->seed, st->ed_pub, st->plain, sizeof st->plain);
	seal_wipe(peer_secret, sizeof peer_secret);
	return rc == SEAL_OK ? 0 : -1;
}

static int prim_measure(prim_state *st, const struct prim_case *c, int quick, double *median_us)
{
	double t[PRIM_ROUNDS];
	int rounds = quick ? 1 : PRIM_ROUNDS, calls = quick ? 2 : c->calls, r, i;

	for (r = 0; r < rounds; r++) {
		double t0 = bench_now_us();

		for (i = 0; i < calls; i++)
			if (c->op(st) != SEAL_OK)
				return -1;
		t[r] = (bench_now_us() - t0) / calls;
	}
	*median_us = bench_median(t, rounds);
	return 0;
}

int bench_primitives_print(int quick)
{
	prim_state st;
	size_t i;
	int rc = prim_setup(&st);

	printf("%-44s %12s\n", "Seal building blocks", "us/call");
	for (i = 0; rc == 0 && i < sizeof prim_cases / sizeof prim_cases[0]; i++) {
		double us;

		rc = prim_measure(&st, &prim_cases[i], quick, &us);
		if (rc == 0)
			printf("%-44s %12.2f\n", prim_cases[i].label, us);
	}
	printf("\n");
	seal_crypto_ctx_free(st.ctx);
	free(st.data_msgs);
	seal_wipe(&st, sizeof st);
	return rc;
}
