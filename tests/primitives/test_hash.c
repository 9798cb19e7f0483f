/* Seal tests: SHA-256, HMAC-SHA256 (RFC 4231) and HKDF-SHA256 (RFC 5869). */
#include "kat.h"

static void test_sha256(void)
{
	uint8_t out[32];

	/* FIPS 180-2 appendix B.1: SHA-256("abc"). */
	CHECK_RC(seal_sha256(out, (const uint8_t *)"abc", 3), SEAL_OK);
	CHECK(kat_equal_hex(out, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	/* SHA-256 of the empty string. */
	CHECK_RC(seal_sha256(out, NULL, 0), SEAL_OK);
	CHECK(kat_equal_hex(out, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	CHECK_RC(seal_sha256(NULL, (const uint8_t *)"abc", 3), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_sha256(out, NULL, 3), SEAL_ERR_ARGUMENT);
}

struct hmac_vector {
	const char *key, *data, *mac;
};

/* RFC 4231 §4.2 (test case 1) and §4.3 (test case 2), HMAC-SHA-256. */
static const struct hmac_vector rfc4231[] = {
	{ "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
	{ "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
};

static void test_hmac(void)
{
	seal_crypto_ctx *ctx = NULL;
	size_t i, key_len, data_len;
	uint8_t out[32];

	CHECK_RC(seal_crypto_ctx_new(&ctx), SEAL_OK);
	for (i = 0; i < sizeof rfc4231 / sizeof rfc4231[0]; i++) {
		uint8_t *key = kat_hex(rfc4231[i].key, &key_len);
		uint8_t *data = kat_hex(rfc4231[i].data, &data_len);

		CHECK_RC(seal_hmac_sha256(out, key, key_len, data, data_len), SEAL_OK);
		CHECK(kat_equal_hex(out, 32, rfc4231[i].mac));
		/* The reusable context gives the same answer, twice in a row. */
		CHECK_RC(seal_ctx_hmac_sha256(ctx, out, key, key_len, data, data_len), SEAL_OK);
		CHECK(kat_equal_hex(out, 32, rfc4231[i].mac));
		CHECK_RC(seal_ctx_hmac_sha256(ctx, out, key, key_len, data, data_len), SEAL_OK);
		CHECK(kat_equal_hex(out, 32, rfc4231[i].mac));
		free(key);
		free(data);
	}
	CHECK_RC(seal_ctx_hmac_sha256(NULL, out, out, 1, out, 1), SEAL_ERR_ARGUMENT);
	seal_crypto_ctx_free(ctx);
}

struct hkdf_vector {
	const char *name, *ikm, *salt, *info;
	size_t len;
	const char *okm;
};

/* RFC 5869 appendix A.1, A.2 and A.3 (SHA-256). */
static const struct hkdf_vector rfc5869[] = {
	{ "A.1", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "000102030405060708090a0b0c",
	  "f0f1f2f3f4f5f6f7f8f9", 42,
	  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865" },
	{ "A.2",
	  "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	  "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	  "404142434445464748494a4b4c4d4e4f",
	  "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	  "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	  "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
	  "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
	  "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
	  "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
	  82,
	  "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
	  "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
	  "cc30c58179ec3e87c14c01d5c1f3434f1d87" },
	{ "A.3", "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "", "", 42,
	  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8" },
};

static void test_hkdf(void)
{
	size_t i, ikm_len, salt_len, info_len;
	uint8_t out[82], first[20];

	for (i = 0; i < sizeof rfc5869 / sizeof rfc5869[0]; i++) {
		const struct hkdf_vector *v = &rfc5869[i];
		uint8_t *ikm = kat_hex(v->ikm, &ikm_len);
		uint8_t *salt = kat_hex(v->salt, &salt_len);
		uint8_t *info = kat_hex(v->info, &info_len);

		fprintf(stderr, "HKDF %s\n", v->name);
		CHECK_RC(seal_hkdf_sha256(out, v->len, salt_len ? salt : NULL, salt_len, ikm, ikm_len,
					  info_len ? info : NULL, info_len), SEAL_OK);
		CHECK(kat_equal_hex(out, v->len, v->okm));
		/* A shorter output is a prefix of the longer one. */
		CHECK_RC(seal_hkdf_sha256(first, sizeof first, salt, salt_len, ikm, ikm_len, info,
					  info_len), SEAL_OK);
		CHECK(memcmp(first, out, sizeof first) == 0);
		free(ikm);
		free(salt);
		free(info);
	}
	/* RFC 5869 §2.3: L <= 255 * HashLen. */
	{
		static uint8_t big[255 * 32 + 1];

		CHECK_RC(seal_hkdf_sha256(big, sizeof big, NULL, 0, big, 1, NULL, 0), SEAL_ERR_TOO_LARGE);
		CHECK_RC(seal_hkdf_sha256(big, sizeof big - 1, NULL, 0, big, 1, NULL, 0), SEAL_OK);
	}
	CHECK_RC(seal_hkdf_sha256(NULL, 32, NULL, 0, out, 1, NULL, 0), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_hkdf_sha256(out, 32, NULL, 0, NULL, 1, NULL, 0), SEAL_ERR_ARGUMENT);
}

int main(void)
{
	if (seal_crypto_init() != SEAL_OK) {
		fprintf(stderr, "seal_crypto_init failed\n");
		return 1;
	}
	test_sha256();
	test_hmac();
	test_hkdf();
	return kat_finish("primitives_hash");
}
