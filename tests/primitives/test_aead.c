/* Seal tests: ChaCha20-Poly1305 against RFC 8439. */
#include "kat.h"

struct aead_vector {
	const char *name, *key, *nonce, *ad, *plain, *cipher, *tag;
};

static const struct aead_vector rfc8439[] = {
	/* RFC 8439 §2.8.2: "Ladies and Gentlemen of the class of '99 ..." */
	{ "2.8.2", "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
	  "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7",
	  "4c616469657320616e642047656e746c656d656e206f662074686520636c6173"
	  "73206f66202739393a204966204920636f756c64206f6666657220796f75206f"
	  "6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73"
	  "637265656e20776f756c642062652069742e",
	  "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	  "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	  "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	  "3ff4def08e4b7a9de576d26586cec64b6116",
	  "1ae10b594f09e26a7e902ecbd0600691" },
	/* RFC 8439 appendix A.5: the decryption example ("Internet-Drafts are ..."). */
	{ "A.5", "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
	  "000000000102030405060708", "f33388860000000000004e91",
	  "496e7465726e65742d4472616674732061726520647261667420646f63756d65"
	  "6e74732076616c696420666f722061206d6178696d756d206f6620736978206d"
	  "6f6e74687320616e64206d617920626520757064617465642c207265706c6163"
	  "65642c206f72206f62736f6c65746564206279206f7468657220646f63756d65"
	  "6e747320617420616e792074696d652e20497420697320696e617070726f7072"
	  "6961746520746f2075736520496e7465726e65742d4472616674732061732072"
	  "65666572656e6365206d6174657269616c206f7220746f206369746520746865"
	  "6d206f74686572207468616e206173202fe2809c776f726b20696e2070726f67"
	  "726573732e2fe2809d",
	  "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb2"
	  "4c6cfc18755d43eea09ee94e382d26b0bdb7b73c321b0100d4f03b7f355894cf"
	  "332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c855"
	  "9797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4"
	  "b9166c767b804d46a59b5216cde7a4e99040c5a40433225ee282a1b0a06c523e"
	  "af4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f548271a"
	  "0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a10"
	  "49e617d91d361094fa68f0ff77987130305beaba2eda04df997b714d6c6f2c29"
	  "a6ad5cb4022b02709b",
	  "eead9d67890cbb22392336fea1851f38" },
};

struct aead_case {
	uint8_t key[32], nonce[12];
	uint8_t *ad, *plain, *sealed; /* sealed = cipher || tag */
	size_t ad_len, len;
};

static void aead_case_load(struct aead_case *c, const struct aead_vector *v)
{
	size_t cipher_len, tag_len;
	uint8_t *cipher, *tag;

	kat_hex_fixed(c->key, 32, v->key);
	kat_hex_fixed(c->nonce, 12, v->nonce);
	c->ad = kat_hex(v->ad, &c->ad_len);
	c->plain = kat_hex(v->plain, &c->len);
	cipher = kat_hex(v->cipher, &cipher_len);
	tag = kat_hex(v->tag, &tag_len);
	if (cipher_len != c->len || tag_len != 16)
		exit(2);
	c->sealed = malloc(c->len + 16);
	if (c->sealed == NULL)
		exit(2);
	memcpy(c->sealed, cipher, c->len);
	memcpy(c->sealed + c->len, tag, 16);
	free(cipher);
	free(tag);
}

static void aead_case_free(struct aead_case *c)
{
	free(c->ad);
	free(c->plain);
	free(c->sealed);
}

/* Encrypts and decrypts the vector, one-shot and on a reused context. */
static void test_vector(const struct aead_vector *v, seal_crypto_ctx *ctx)
{
	struct aead_case c;
	uint8_t *out, *back;

	fprintf(stderr, "AEAD %s\n", v->name);
	aead_case_load(&c, v);
	out = malloc(c.len + 16);
	back = malloc(c.len);
	if (out == NULL || back == NULL)
		exit(2);
	CHECK_RC(seal_aead_encrypt(out, c.key, c.nonce, c.ad, c.ad_len, c.plain, c.len), SEAL_OK);
	CHECK(memcmp(out, c.sealed, c.len + 16) == 0);
	CHECK_RC(seal_aead_decrypt(back, c.key, c.nonce, c.ad, c.ad_len, c.sealed, c.len + 16), SEAL_OK);
	CHECK(memcmp(back, c.plain, c.len) == 0);

	memset(out, 0, c.len + 16);
	CHECK_RC(seal_ctx_aead_encrypt(ctx, out, c.key, c.nonce, c.ad, c.ad_len, c.plain, c.len), SEAL_OK);
	CHECK(memcmp(out, c.sealed, c.len + 16) == 0);
	memset(back, 0, c.len);
	CHECK_RC(seal_ctx_aead_decrypt(ctx, back, c.key, c.nonce, c.ad, c.ad_len, c.sealed, c.len + 16),
		 SEAL_OK);
	CHECK(memcmp(back, c.plain, c.len) == 0);
	free(out);
	free(back);
	aead_case_free(&c);
}

/* Any change to tag, ciphertext or AD fails with SEAL_ERR_AUTH, and the
 * output buffer holds no plaintext afterwards. */
static void test_tampering(const struct aead_vector *v, seal_crypto_ctx *ctx)
{
	struct aead_case c;
	uint8_t *back;
	size_t where[3];
	int i;

	aead_case_load(&c, v);
	back = malloc(c.len);
	if (back == NULL)
		exit(2);
	where[0] = c.len + 15; /* last tag byte */
	where[1] = c.len + 0;  /* first tag byte */
	where[2] = 7;          /* a ciphertext byte */
	for (i = 0; i < 3; i++) {
		c.sealed[where[i]] ^= 0x01;
		memset(back, 0xa5, c.len);
		CHECK_RC(seal_aead_decrypt(back, c.key, c.nonce, c.ad, c.ad_len, c.sealed, c.len + 16),
			 SEAL_ERR_AUTH);
		CHECK(kat_all_zero(back, c.len));
		memset(back, 0xa5, c.len);
		CHECK_RC(seal_ctx_aead_decrypt(ctx, back, c.key, c.nonce, c.ad, c.ad_len, c.sealed,
					       c.len + 16), SEAL_ERR_AUTH);
		CHECK(kat_all_zero(back, c.len));
		c.sealed[where[i]] ^= 0x01;
	}
	c.ad[0] ^= 0x01;
	CHECK_RC(seal_aead_decrypt(back, c.key, c.nonce, c.ad, c.ad_len, c.sealed, c.len + 16),
		 SEAL_ERR_AUTH);
	c.ad[0] ^= 0x01;
	c.nonce[11] ^= 0x01;
	CHECK_RC(seal_aead_decrypt(back, c.key, c.nonce, c.ad, c.ad_len, c.sealed, c.len + 16),
		 SEAL_ERR_AUTH);
	c.nonce[11] ^= 0x01;
	/* Untouched again: decrypts (the context recovered from the failures). */
	CHECK_RC(seal_ctx_aead_decrypt(ctx, back, c.key, c.nonce, c.ad, c.ad_len, c.sealed, c.len + 16),
		 SEAL_OK);
	CHECK(memcmp(back, c.plain, c.len) == 0);
	free(back);
	aead_case_free(&c);
}

/* Empty plaintext and empty AD, odd sizes, truncated input, bad arguments. */
static void test_edges(seal_crypto_ctx *ctx)
{
	uint8_t key[32], nonce[12] = { 0 }, sealed[16 + 1000], plain[1000], back[1000];
	size_t len;

	CHECK_RC(seal_random(key, 32), SEAL_OK);
	CHECK_RC(seal_random(plain, sizeof plain), SEAL_OK);
	CHECK_RC(seal_aead_encrypt(sealed, key, nonce, NULL, 0, NULL, 0), SEAL_OK);
	CHECK_RC(seal_aead_decrypt(back, key, nonce, NULL, 0, sealed, 16), SEAL_OK);
	sealed[3] ^= 1;
	CHECK_RC(seal_aead_decrypt(back, key, nonce, NULL, 0, sealed, 16), SEAL_ERR_AUTH);
	for (len = 1; len <= sizeof plain; len = len * 3 + 1) {
		nonce[0] = (uint8_t)len;
		CHECK_RC(seal_ctx_aead_encrypt(ctx, sealed, key, nonce, plain, 7, plain, len), SEAL_OK);
		CHECK_RC(seal_aead_decrypt(back, key, nonce, plain, 7, sealed, len + 16), SEAL_OK);
		CHECK(memcmp(back, plain, len) == 0);
	}
	CHECK_RC(seal_aead_decrypt(back, key, nonce, NULL, 0, sealed, 15), SEAL_ERR_TRUNCATED);
	CHECK_RC(seal_ctx_aead_decrypt(ctx, back, key, nonce, NULL, 0, sealed, 0), SEAL_ERR_TRUNCATED);
	CHECK_RC(seal_aead_encrypt(NULL, key, nonce, NULL, 0, plain, 1), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_aead_encrypt(sealed, NULL, nonce, NULL, 0, plain, 1), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_aead_encrypt(sealed, key, nonce, NULL, 3, plain, 1), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_ctx_aead_encrypt(NULL, sealed, key, nonce, NULL, 0, plain, 1), SEAL_ERR_ARGUMENT);
}

/* Encrypting and decrypting in place (out == in) gives the same bytes as
 * with separate buffers. */
static void test_in_place(seal_crypto_ctx *ctx)
{
	uint8_t key[32], nonce[12], plain[200], sealed[216], buf[216];

	CHECK_RC(seal_random(key, sizeof key), SEAL_OK);
	CHECK_RC(seal_random(nonce, sizeof nonce), SEAL_OK);
	CHECK_RC(seal_random(plain, sizeof plain), SEAL_OK);
	CHECK_RC(seal_aead_encrypt(sealed, key, nonce, nonce, 12, plain, sizeof plain), SEAL_OK);
	memcpy(buf, plain, sizeof plain);
	CHECK_RC(seal_ctx_aead_encrypt(ctx, buf, key, nonce, nonce, 12, buf, sizeof plain), SEAL_OK);
	CHECK(memcmp(buf, sealed, sizeof sealed) == 0);
	CHECK_RC(seal_ctx_aead_decrypt(ctx, buf, key, nonce, nonce, 12, buf, sizeof buf), SEAL_OK);
	CHECK(memcmp(buf, plain, sizeof plain) == 0);
}

int main(void)
{
	seal_crypto_ctx *ctx = NULL;
	size_t i;

	if (seal_crypto_init() != SEAL_OK || seal_crypto_ctx_new(&ctx) != SEAL_OK) {
		fprintf(stderr, "initialisation failed\n");
		return 1;
	}
	for (i = 0; i < sizeof rfc8439 / sizeof rfc8439[0]; i++) {
		test_vector(&rfc8439[i], ctx);
		test_tampering(&rfc8439[i], ctx);
	}
	test_edges(ctx);
	test_in_place(ctx);
	seal_crypto_ctx_free(ctx);
	return kat_finish("primitives_aead");
}
