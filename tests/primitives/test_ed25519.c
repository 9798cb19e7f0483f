/* Seal tests: Ed25519 against RFC 8032 §7.1. */
#include "kat.h"

struct ed25519_vector {
	const char *name, *seed, *pub, *msg, *sig;
};

/* RFC 8032 §7.1: TEST 1, TEST 2, TEST 3, TEST 1024 and TEST SHA(abc) (whose
 * message is SHA-512("abc")). */
static const struct ed25519_vector rfc8032_7_1[] = {
	{ "TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	  "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
	  "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
	{ "TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	  "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	  "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
	  "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
	{ "TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	  "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	  "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
	  "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
	{ "TEST 1024", "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
	  "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
	  "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1"
	  "e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d"
	  "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a"
	  "7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e"
	  "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc10"
	  "3b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1"
	  "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d"
	  "502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270"
	  "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089b"
	  "eccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba"
	  "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969b"
	  "e3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7"
	  "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988d"
	  "cda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df"
	  "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7"
	  "984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4"
	  "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac09"
	  "43bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f"
	  "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f161"
	  "0e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d"
	  "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8ca"
	  "c60c905c15fc910840b94c00a0b9d0",
	  "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350"
	  "aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03" },
	{ "TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
	  "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
	  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	  "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
	  "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704" },
};

static void test_vector(const struct ed25519_vector *v)
{
	uint8_t seed[32], pub[32], sig[64], bad_sig[64];
	size_t msg_len;
	uint8_t *msg = kat_hex(v->msg, &msg_len);

	fprintf(stderr, "%s (%zu-byte message)\n", v->name, msg_len);
	kat_hex_fixed(seed, 32, v->seed);
	CHECK_RC(seal_ed25519_public(pub, seed), SEAL_OK);
	CHECK(kat_equal_hex(pub, 32, v->pub));
	CHECK_RC(seal_ed25519_sign(sig, seed, pub, msg, msg_len), SEAL_OK);
	CHECK(kat_equal_hex(sig, 64, v->sig));
	CHECK_RC(seal_ed25519_verify(sig, pub, msg, msg_len), SEAL_OK);

	/* One flipped bit in R, in S, or in the message: not valid. */
	memcpy(bad_sig, sig, 64);
	bad_sig[5] ^= 0x10;
	CHECK_RC(seal_ed25519_verify(bad_sig, pub, msg, msg_len), SEAL_ERR_AUTH);
	memcpy(bad_sig, sig, 64);
	bad_sig[40] ^= 0x01;
	CHECK_RC(seal_ed25519_verify(bad_sig, pub, msg, msg_len), SEAL_ERR_AUTH);
	if (msg_len > 0) {
		msg[msg_len - 1] ^= 0x80;
		CHECK_RC(seal_ed25519_verify(sig, pub, msg, msg_len), SEAL_ERR_AUTH);
	} else {
		static const uint8_t one_byte = 0;

		CHECK_RC(seal_ed25519_verify(sig, pub, &one_byte, 1), SEAL_ERR_AUTH);
	}
	free(msg);
}

/* Every single-bit change of a signature is rejected. */
static void test_every_signature_bit(void)
{
	uint8_t seed[32], pub[32], sig[64];
	static const uint8_t msg[] = "seal signature bit test";
	int bit, accepted = 0;

	CHECK_RC(seal_random(seed, sizeof seed), SEAL_OK);
	CHECK_RC(seal_ed25519_public(pub, seed), SEAL_OK);
	CHECK_RC(seal_ed25519_sign(sig, seed, pub, msg, sizeof msg), SEAL_OK);
	CHECK_RC(seal_ed25519_verify(sig, pub, msg, sizeof msg), SEAL_OK);
	for (bit = 0; bit < 512; bit++) {
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (seal_ed25519_verify(sig, pub, msg, sizeof msg) != SEAL_ERR_AUTH)
			accepted++;
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	CHECK(accepted == 0);
}

/* Random seeds, including one starting with zero bytes (libgcrypt must not
 * drop them), sign and verify; a different key does not verify. */
static void test_random_keys(void)
{
	uint8_t seed[32], pub[32], other_seed[32], other_pub[32], sig[64];
	static const uint8_t msg[] = "hello";
	int i;

	CHECK_RC(seal_random(other_seed, 32), SEAL_OK);
	CHECK_RC(seal_ed25519_public(other_pub, other_seed), SEAL_OK);
	for (i = 0; i < 8; i++) {
		CHECK_RC(seal_random(seed, 32), SEAL_OK);
		if (i < 2)
			memset(seed, 0, 2 + i);
		CHECK_RC(seal_ed25519_public(pub, seed), SEAL_OK);
		CHECK_RC(seal_ed25519_sign(sig, seed, pub, msg, 5), SEAL_OK);
		CHECK_RC(seal_ed25519_verify(sig, pub, msg, 5), SEAL_OK);
		CHECK_RC(seal_ed25519_verify(sig, other_pub, msg, 5), SEAL_ERR_AUTH);
	}
}

/* Valid curve points whose x or y coordinate is below 2^192.  libgcrypt
 * 1.10.1 aborts the process when it verifies against such a key, so
 * seal_ed25519_verify must refuse them before libgcrypt sees them. */
static const char *const short_coordinate_keys[] = {
	"0000000000000000000000000000000000000000000000000000000000000000", /* y = 0, order 4 */
	"0100000000000000000000000000000000000000000000000000000000000000", /* identity */
	"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* y = -1, x = 0 */
	"0300000000000000000000000000000000000000000000000000000000000000", /* y = 3 */
	"3126711e11ef574692935381d2cd2bbab5dd113c4010f91fd7c4dd7b12bf431a", /* x = 2 */
	"16b4b0e996f938b1a0b77bd2aa166a5f669ac25a50ac8d3f0000000000000080", /* 190-bit y */
	"3e8d66cfbcd83684a67cda8601bae50b20bc38c6b59366f2eef5b032b1e2006b", /* 190-bit x */
	"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* y = p + 1, non-canonical */
};

static void test_short_coordinate_keys(void)
{
	uint8_t pub[32], sig[64], seed[32] = { 7 }, own[32];
	static const uint8_t msg[] = "x";
	size_t i;

	CHECK_RC(seal_ed25519_public(own, seed), SEAL_OK);
	CHECK_RC(seal_ed25519_sign(sig, seed, own, msg, 1), SEAL_OK);
	for (i = 0; i < sizeof short_coordinate_keys / sizeof short_coordinate_keys[0]; i++) {
		kat_hex_fixed(pub, 32, short_coordinate_keys[i]);
		CHECK_RC(seal_ed25519_verify(sig, pub, msg, 1), SEAL_ERR_AUTH);
		memset(sig, 0, sizeof sig);
		CHECK_RC(seal_ed25519_verify(sig, pub, msg, 1), SEAL_ERR_AUTH);
		sig[0] = 1; /* R = identity, S = 0: valid for the identity key */
		CHECK_RC(seal_ed25519_verify(sig, pub, msg, 1), SEAL_ERR_AUTH);
		CHECK_RC(seal_ed25519_sign(sig, seed, own, msg, 1), SEAL_OK);
	}
}

/* Random 32-byte strings as public keys and random signatures: every one
 * is refused with SEAL_ERR_AUTH and none brings the process down. */
static void test_random_garbage_keys(void)
{
	uint8_t pub[32], sig[64];
	static const uint8_t msg[] = "m";
	int i, accepted = 0;

	for (i = 0; i < 300; i++) {
		CHECK_RC(seal_random(pub, sizeof pub), SEAL_OK);
		CHECK_RC(seal_random(sig, sizeof sig), SEAL_OK);
		if (i % 3 == 0) /* y below 2^192 or less: the keys libgcrypt chokes on */
			memset(pub + 24 - i % 16, 0, 8 + (size_t)(i % 16));
		if (seal_ed25519_verify(sig, pub, msg, 1) != SEAL_ERR_AUTH)
			accepted++;
	}
	CHECK(accepted == 0);
}

/* Many random keys (both signs of x) pass the key screening and verify. */
static void test_many_random_keys(void)
{
	uint8_t seed[32], pub[32], sig[64];
	int i, failed = 0, sign_set = 0;

	for (i = 0; i < 64; i++) {
		if (seal_random(seed, 32) != SEAL_OK || seal_ed25519_public(pub, seed) != SEAL_OK ||
		    seal_ed25519_sign(sig, seed, pub, seed, 32) != SEAL_OK ||
		    seal_ed25519_verify(sig, pub, seed, 32) != SEAL_OK)
			failed++;
		sign_set += pub[31] >> 7;
	}
	CHECK(failed == 0);
	CHECK(sign_set > 0 && sign_set < 64);
}

/* Garbage public keys and signatures fail cleanly, never crash. */
static void test_garbage_inputs(void)
{
	uint8_t pub[32], sig[64];
	static const uint8_t msg[] = "x";

	memset(pub, 0xff, sizeof pub);
	memset(sig, 0xff, sizeof sig);
	CHECK_RC(seal_ed25519_verify(sig, pub, msg, 1), SEAL_ERR_AUTH);
	memset(pub, 0, sizeof pub);
	memset(sig, 0, sizeof sig);
	CHECK_RC(seal_ed25519_verify(sig, pub, msg, 1), SEAL_ERR_AUTH);
	CHECK_RC(seal_ed25519_verify(NULL, pub, msg, 1), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_ed25519_verify(sig, pub, NULL, 1), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_ed25519_sign(sig, NULL, pub, msg, 1), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_ed25519_public(NULL, pub), SEAL_ERR_ARGUMENT);
}

int main(void)
{
	size_t i;

	if (seal_crypto_init() != SEAL_OK) {
		fprintf(stderr, "seal_crypto_init failed\n");
		return 1;
	}
	for (i = 0; i < sizeof rfc8032_7_1 / sizeof rfc8032_7_1[0]; i++)
		test_vector(&rfc8032_7_1[i]);
	test_every_signature_bit();
	test_random_keys();
	test_garbage_inputs();
	test_short_coordinate_keys();
	test_many_random_keys();
	test_random_garbage_keys();
	return kat_finish("primitives_ed25519");
}
