/* Seal tests: X25519 against RFC 7748, and rejection of low-order points. */
#include "kat.h"

struct x25519_vector {
	const char *scalar, *u, *out;
};

/* RFC 7748 §5.2, the two single scalar multiplications.  The second input
 * u-coordinate has bit 255 set, which X25519 must ignore. */
static const struct x25519_vector rfc7748_5_2[] = {
	{ "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
	  "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
	  "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552" },
	{ "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
	  "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
	  "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957" },
};

static void test_rfc7748_single(void)
{
	size_t i;
	uint8_t k[32], u[32], out[32];

	for (i = 0; i < sizeof rfc7748_5_2 / sizeof rfc7748_5_2[0]; i++) {
		kat_hex_fixed(k, 32, rfc7748_5_2[i].scalar);
		kat_hex_fixed(u, 32, rfc7748_5_2[i].u);
		CHECK_RC(seal_x25519(out, k, u), SEAL_OK);
		CHECK(kat_equal_hex(out, 32, rfc7748_5_2[i].out));
	}
}

/* RFC 7748 §5.2, iterated: k = u = 9; repeat (k, u) = (X25519(k, u), k). */
static void test_rfc7748_iterated(void)
{
	uint8_t k[32] = { 9 }, u[32] = { 9 }, next[32];
	int i, ok = 1;

	for (i = 1; i <= 1000 && ok; i++) {
		ok = seal_x25519(next, k, u) == SEAL_OK;
		memcpy(u, k, 32);
		memcpy(k, next, 32);
		if (i == 1)
			CHECK(kat_equal_hex(k, 32, "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"));
	}
	CHECK(ok);
	CHECK(kat_equal_hex(k, 32, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"));
}

/* RFC 7748 §6.1: Alice's and Bob's key pairs and their shared secret. */
static void test_rfc7748_diffie_hellman(void)
{
	uint8_t a[32], b[32], a_pub[32], b_pub[32], k_ab[32], k_ba[32];
	const char *shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

	kat_hex_fixed(a, 32, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
	kat_hex_fixed(b, 32, "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
	CHECK_RC(seal_x25519_public(a_pub, a), SEAL_OK);
	CHECK(kat_equal_hex(a_pub, 32, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"));
	CHECK_RC(seal_x25519_public(b_pub, b), SEAL_OK);
	CHECK(kat_equal_hex(b_pub, 32, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
	CHECK_RC(seal_x25519(k_ab, a, b_pub), SEAL_OK);
	CHECK(kat_equal_hex(k_ab, 32, shared));
	CHECK_RC(seal_x25519(k_ba, b, a_pub), SEAL_OK);
	CHECK(kat_equal_hex(k_ba, 32, shared));
}

/* u-coordinates whose X25519 result is zero for every scalar: the points of
 * order 1, 2, 4 and 8 (as listed by libsodium), their non-canonical encodings
 * u + p, and the same with bit 255 set (which X25519 ignores). */
static const char *const low_order_points[] = {
	"0000000000000000000000000000000000000000000000000000000000000000", /* 0 */
	"0100000000000000000000000000000000000000000000000000000000000000", /* 1 */
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", /* order 8 */
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", /* order 8 */
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p - 1 */
	"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p (= 0) */
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* p + 1 (= 1) */
	"0000000000000000000000000000000000000000000000000000000000000080", /* 0, bit 255 */
	"0100000000000000000000000000000000000000000000000000000000000080", /* 1, bit 255 */
	"e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880", /* order 8, bit 255 */
	"5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7", /* order 8, bit 255 */
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", /* p - 1, bit 255 */
};

static void test_low_order_rejected(void)
{
	size_t i;
	uint8_t secret[32], pub[32], u[32], out[32];

	CHECK_RC(seal_x25519_keypair(secret, pub), SEAL_OK);
	for (i = 0; i < sizeof low_order_points / sizeof low_order_points[0]; i++) {
		kat_hex_fixed(u, 32, low_order_points[i]);
		memset(out, 0xa5, sizeof out);
		CHECK_RC(seal_x25519(out, secret, u), SEAL_ERR_LOW_ORDER);
		CHECK(kat_all_zero(out, 32));
	}
}

/* RFC 7748 §5: non-canonical u-coordinates (p <= u < 2^255) are reduced
 * modulo p, so u = p + d gives the same result as u = d. */
static void test_non_canonical_u(void)
{
	uint8_t k[32], pub[32], u[32], v[32], a[32], b[32];
	int d, same = 1;

	CHECK_RC(seal_x25519_keypair(k, pub), SEAL_OK);
	for (d = 2; d < 19; d++) {
		memset(u, 0xff, sizeof u);
		u[31] = 0x7f;
		u[0] = (uint8_t)(0xed + d);
		memset(v, 0, sizeof v);
		v[0] = (uint8_t)d;
		if (seal_x25519(a, k, u) != SEAL_OK || seal_x25519(b, k, v) != SEAL_OK ||
		    memcmp(a, b, 32) != 0)
			same = 0;
	}
	CHECK(same);
}

/* Two fresh key pairs agree; secrets are clamped; pairs differ. */
static void test_keypair_agreement(void)
{
	uint8_t a[32], a_pub[32], b[32], b_pub[32], k_ab[32], k_ba[32], again[32];

	CHECK_RC(seal_x25519_keypair(a, a_pub), SEAL_OK);
	CHECK_RC(seal_x25519_keypair(b, b_pub), SEAL_OK);
	CHECK((a[0] & 7) == 0 && (a[31] & 0xc0) == 0x40);
	CHECK(memcmp(a, b, 32) != 0 && memcmp(a_pub, b_pub, 32) != 0);
	CHECK_RC(seal_x25519_public(again, a), SEAL_OK);
	CHECK(memcmp(again, a_pub, 32) == 0);
	CHECK_RC(seal_x25519(k_ab, a, b_pub), SEAL_OK);
	CHECK_RC(seal_x25519(k_ba, b, a_pub), SEAL_OK);
	CHECK(memcmp(k_ab, k_ba, 32) == 0);
	CHECK(!kat_all_zero(k_ab, 32));
}

static void test_bad_arguments(void)
{
	uint8_t k[32] = { 1 }, out[32];

	CHECK_RC(seal_x25519(NULL, k, k), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_x25519(out, NULL, k), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_x25519(out, k, NULL), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_x25519_keypair(NULL, out), SEAL_ERR_ARGUMENT);
}

int main(void)
{
	if (seal_crypto_init() != SEAL_OK) {
		fprintf(stderr, "seal_crypto_init failed\n");
		return 1;
	}
	test_rfc7748_single();
	test_rfc7748_iterated();
	test_rfc7748_diffie_hellman();
	test_low_order_rejected();
	test_non_canonical_u();
	test_keypair_agreement();
	test_bad_arguments();
	return kat_finish("primitives_x25519");
}
