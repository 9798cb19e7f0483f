/* Seal tests: initialisation, random bytes, wiping, constant-time equality,
 * and agreement of the reusable context with the one-shot functions. */
#include "kat.h"

static void test_init_twice(void)
{
	CHECK_RC(seal_crypto_init(), SEAL_OK);
	CHECK_RC(seal_crypto_init(), SEAL_OK);
}

static void test_random(void)
{
	uint8_t a[64], b[64];

	memset(a, 0, sizeof a);
	memset(b, 0, sizeof b);
	CHECK_RC(seal_random(a, sizeof a), SEAL_OK);
	CHECK_RC(seal_random(b, sizeof b), SEAL_OK);
	CHECK(!kat_all_zero(a, sizeof a));
	CHECK(memcmp(a, b, sizeof a) != 0);
	CHECK_RC(seal_random(NULL, 0), SEAL_OK);
	CHECK_RC(seal_random(NULL, 1), SEAL_ERR_ARGUMENT);
}

static void test_random_nonce(void)
{
	uint8_t a[16], b[16];
	int i, repeats = 0;

	memset(a, 0, sizeof a);
	CHECK_RC(seal_random_nonce(a, sizeof a), SEAL_OK);
	CHECK(!kat_all_zero(a, sizeof a));
	for (i = 0; i < 100; i++) {
		CHECK_RC(seal_random_nonce(b, sizeof b), SEAL_OK);
		if (memcmp(a, b, sizeof a) == 0)
			repeats++;
		memcpy(a, b, sizeof a);
	}
	CHECK(repeats == 0);
	CHECK_RC(seal_random_nonce(NULL, 0), SEAL_OK);
	CHECK_RC(seal_random_nonce(NULL, 4), SEAL_ERR_ARGUMENT);
}

static void test_wipe(void)
{
	uint8_t buf[40];

	memset(buf, 0xee, sizeof buf);
	seal_wipe(buf + 4, 32);
	CHECK(kat_all_zero(buf + 4, 32));
	CHECK(buf[3] == 0xee && buf[36] == 0xee);
	seal_wipe(NULL, 10); /* must not crash */
}

static void test_ct_equal(void)
{
	uint8_t a[32], b[32];
	int i, all_ok = 1;

	CHECK_RC(seal_random(a, sizeof a), SEAL_OK);
	memcpy(b, a, sizeof a);
	CHECK(seal_ct_equal(a, b, sizeof a) == 1);
	CHECK(seal_ct_equal(a, b, 0) == 1);
	for (i = 0; i < 256; i++) { /* every bit position of the buffer */
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
		if (seal_ct_equal(a, b, sizeof a) != 0)
			all_ok = 0;
		b[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	CHECK(all_ok);
	b[31] ^= 0xff;
	CHECK(seal_ct_equal(a, b, 31) == 1);
	CHECK(seal_ct_equal(a, b, 32) == 0);
}

/* Random keys, nonces and lengths: a context gives exactly what the one-shot
 * functions give, across many calls with changing keys on the same handles. */
static void test_ctx_matches_one_shot(void)
{
	seal_crypto_ctx *ctx = NULL;
	uint8_t key[32], nonce[12], ad[20], plain[300], one[316], two[316], mac1[32], mac2[32];
	int round, same = 1;
	size_t len;

	CHECK_RC(seal_crypto_ctx_new(&ctx), SEAL_OK);
	if (ctx == NULL)
		return;
	for (round = 0; round < 50; round++) {
		len = (size_t)round * 6;
		CHECK_RC(seal_random(key, sizeof key), SEAL_OK);
		CHECK_RC(seal_random(nonce, sizeof nonce), SEAL_OK);
		CHECK_RC(seal_random(ad, sizeof ad), SEAL_OK);
		CHECK_RC(seal_random(plain, len), SEAL_OK);
		CHECK_RC(seal_aead_encrypt(one, key, nonce, ad, round % 20, plain, len), SEAL_OK);
		CHECK_RC(seal_ctx_aead_encrypt(ctx, two, key, nonce, ad, round % 20, plain, len), SEAL_OK);
		if (memcmp(one, two, len + 16) != 0)
			same = 0;
		CHECK_RC(seal_hmac_sha256(mac1, key, (size_t)round % 33, plain, len), SEAL_OK);
		CHECK_RC(seal_ctx_hmac_sha256(ctx, mac2, key, (size_t)round % 33, plain, len), SEAL_OK);
		if (memcmp(mac1, mac2, 32) != 0)
			same = 0;
	}
	CHECK(same);
	seal_crypto_ctx_free(ctx);
	seal_crypto_ctx_free(NULL);
	CHECK_RC(seal_crypto_ctx_new(NULL), SEAL_ERR_ARGUMENT);
}

/* An empty HMAC key is the same as a key of one zero byte (RFC 2104 pads the
 * key with zeros); the empty-key HMAC of "" is a published value. */
static void test_hmac_empty_key(void)
{
	uint8_t out[32];

	CHECK_RC(seal_hmac_sha256(out, NULL, 0, NULL, 0), SEAL_OK);
	CHECK(kat_equal_hex(out, 32, "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad"));
}

int main(void)
{
	test_init_twice();
	test_random();
	test_random_nonce();
	test_wipe();
	test_ct_equal();
	test_ctx_matches_one_shot();
	test_hmac_empty_key();
	return kat_finish("primitives_util");
}
