/* Protocol: identity keys (generation, fingerprint format and known answers,
 * serialization round trip) and contact records. */
#include <ctype.h>
#include <string.h>
#include "crypto/contact.h"
#include "crypto/identity.h"
#include "tests/protocol/harness.h"

static void check_fingerprint_format(const char *fp)
{
	size_t i;

	CHECK(strlen(fp) == SEAL_FINGERPRINT_LEN - 1);
	for (i = 0; i < SEAL_FINGERPRINT_LEN - 1; i++) {
		if (i % 6 == 5)
			CHECK(fp[i] == ' ');
		else
			CHECK(isdigit((unsigned char)fp[i]));
	}
}

/* Values computed independently (Python hashlib) from the specification:
 * H = SHA-256("SEAL-FP1" || pub), material = H || SHA-256(H), 8 groups of 5
 * bytes, each a big-endian integer mod 100000. */
static void test_fingerprint_known_answers(void)
{
	uint8_t pub[32];
	char fp[SEAL_FINGERPRINT_LEN];
	int i;

	for (i = 0; i < 32; i++)
		pub[i] = (uint8_t)i;
	CHECK_OK(seal_fingerprint(fp, pub));
	CHECK(strcmp(fp, "02432 18598 89935 95381 20973 74549 05892 06414") == 0);
	memset(pub, 0xff, sizeof(pub));
	CHECK_OK(seal_fingerprint(fp, pub));
	CHECK(strcmp(fp, "13445 11469 61055 91959 58882 00173 54708 80291") == 0);
	CHECK_RC(seal_fingerprint(NULL, pub), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_fingerprint(fp, NULL), SEAL_ERR_ARGUMENT);
}

static void test_identity_round_trip(void)
{
	seal_identity *id = NULL, *other = NULL, *loaded = NULL;
	seal_buf blob = SEAL_BUF_INIT, again = SEAL_BUF_INIT;
	char f1[SEAL_FINGERPRINT_LEN], f2[SEAL_FINGERPRINT_LEN];

	CHECK_OK(seal_identity_generate(&id));
	CHECK_OK(seal_identity_generate(&other));
	CHECK(memcmp(seal_identity_public(id), seal_identity_public(other), 32) != 0);
	CHECK_OK(seal_fingerprint(f1, seal_identity_public(id)));
	CHECK_OK(seal_fingerprint(f2, seal_identity_public(other)));
	check_fingerprint_format(f1);
	check_fingerprint_format(f2);
	CHECK(strcmp(f1, f2) != 0);
	CHECK_OK(seal_identity_save(id, &blob));
	CHECK(blob.secure == 1 && blob.len == 10 + 64 + 32);
	CHECK(memcmp(blob.data, "SEAL\x01\x01", 6) == 0);
	CHECK_OK(seal_identity_load(&loaded, blob.data, blob.len));
	CHECK(memcmp(seal_identity_public(loaded), seal_identity_public(id), 32) == 0);
	CHECK_OK(seal_identity_save(loaded, &again));
	CHECK(buf_equal(&blob, &again));
	CHECK_RC(seal_identity_generate(NULL), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_identity_save(NULL, &again), SEAL_ERR_ARGUMENT);
	CHECK(seal_identity_public(NULL) == NULL);
	seal_identity_free(NULL);
	seal_buf_free(&blob);
	seal_buf_free(&again);
	seal_identity_free(id);
	seal_identity_free(other);
	seal_identity_free(loaded);
}

/* A reloaded identity completes a handshake as the same person. */
static void test_reloaded_identity_handshakes(void)
{
	party a, b;
	seal_buf blob = SEAL_BUF_INIT;
	seal_identity *loaded = NULL;

	party_init(&a);
	party_init(&b);
	CHECK_OK(seal_identity_save(a.id, &blob));
	CHECK_OK(seal_identity_load(&loaded, blob.data, blob.len));
	seal_identity_free(a.id);
	a.id = loaded;
	handshake_pair(&a, &b);
	CHECK(memcmp(seal_session_peer_identity(b.session), seal_identity_public(loaded), 32) == 0);
	seal_buf_free(&blob);
	party_free(&a);
	party_free(&b);
}

static void test_contact_round_trip(void)
{
	seal_contact c, back;
	seal_buf blob = SEAL_BUF_INIT;
	int t;

	for (t = 0; t < 3; t++) {
		memset(&c, 0, sizeof(c));
		memset(c.pinned, 0x11 * (t + 1), sizeof(c.pinned));
		memset(c.pending, 0x5a + t, sizeof(c.pending));
		c.trust = (seal_trust)t;
		c.first_seen = t == 2 ? -5 : 1764300000 + t;
		CHECK_OK(seal_contact_save(&c, &blob));
		CHECK(memcmp(blob.data, "SEAL\x02\x01", 6) == 0);
		memset(&back, 0xee, sizeof(back));
		CHECK_OK(seal_contact_load(&back, blob.data, blob.len));
		CHECK(memcmp(back.pinned, c.pinned, 32) == 0 && memcmp(back.pending, c.pending, 32) == 0);
		CHECK(back.trust == c.trust && back.first_seen == c.first_seen);
		seal_buf_free(&blob);
	}
	c.trust = (seal_trust)3;
	CHECK_RC(seal_contact_save(&c, &blob), SEAL_ERR_ARGUMENT);
	CHECK(blob.data == NULL);
}

int main(void)
{
	test_rng_seed_from_env();
	test_fingerprint_known_answers();
	test_identity_round_trip();
	test_reloaded_identity_handshakes();
	test_contact_round_trip();
	printf("ok\n");
	return 0;
}
