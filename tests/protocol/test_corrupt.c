/* Protocol: serialized identity, contact, session and handshake blobs that are
 * truncated at every length, corrupted at every byte, foreign, of a newer
 * version, or well-sealed but with invalid contents are all refused with a
 * clear error — never a crash, never a half-built object. */
#include <string.h>
#include "crypto/contact.h"
#include "crypto/primitives.h"
#include "tests/protocol/harness.h"

typedef int (*loader)(const uint8_t *data, size_t len);

static int load_identity(const uint8_t *data, size_t len)
{
	seal_identity *id = (seal_identity *)1;
	int rc = seal_identity_load(&id, data, len);

	CHECK((rc == SEAL_OK) == (id != NULL));
	seal_identity_free(id);
	return rc;
}

static int load_contact(const uint8_t *data, size_t len)
{
	seal_contact c, sentinel;
	int rc;

	memset(&c, 0xA5, sizeof(c));
	memcpy(&sentinel, &c, sizeof(c));
	rc = seal_contact_load(&c, data, len);
	if (rc != SEAL_OK)
		CHECK(memcmp(&c, &sentinel, sizeof(c)) == 0);
	return rc;
}

static int load_session(const uint8_t *data, size_t len)
{
	seal_session *s = (seal_session *)1;
	int rc = seal_session_load(&s, data, len);

	CHECK((rc == SEAL_OK) == (s != NULL));
	seal_session_free(s);
	return rc;
}

static int load_handshake(const uint8_t *data, size_t len)
{
	seal_handshake *hs = (seal_handshake *)1;
	int rc = seal_handshake_load(&hs, data, len);

	CHECK((rc == SEAL_OK) == (hs != NULL));
	seal_handshake_free(hs);
	return rc;
}

/* Recompute the trailing checksum after editing the body. */
static void reseal(uint8_t *blob, size_t len)
{
	CHECK_OK(seal_sha256(blob + len - 32, blob, len - 32));
}

static void check_blob_damage(const seal_buf *good, loader load, const char *what)
{
	uint8_t *bad = malloc(good->len + 1);
	size_t i, len;
	int rc;

	CHECK(bad != NULL);
	CHECK_OK(load(good->data, good->len));
	for (len = 0; len < good->len; len++) {
		rc = load(good->data, len);
		CHECK(rc == SEAL_ERR_TRUNCATED);
	}
	for (i = 0; i < good->len; i++) {
		static const uint8_t flips[] = { 0x01, 0x10, 0x80, 0xff };
		size_t f;

		for (f = 0; f < sizeof(flips); f++) {
			memcpy(bad, good->data, good->len);
			bad[i] ^= flips[f];
			rc = load(bad, good->len);
			CHECK(rc == SEAL_ERR_MALFORMED || rc == SEAL_ERR_VERSION ||
			      rc == SEAL_ERR_TRUNCATED);
			if (i == 5)
				CHECK(rc == SEAL_ERR_VERSION); /* the version byte */
			else if (i >= 10)
				CHECK(rc == SEAL_ERR_MALFORMED); /* checksum catches it */
		}
	}
	memcpy(bad, good->data, good->len);
	bad[good->len] = 0;
	CHECK(load(bad, good->len + 1) == SEAL_ERR_MALFORMED);
	/* A newer version. */
	memcpy(bad, good->data, good->len);
	bad[5] = 2;
	reseal(bad, good->len);
	CHECK(load(bad, good->len) == SEAL_ERR_VERSION);
	/* Random bytes. */
	for (i = 0; i < 200; i++) {
		for (len = 0; len < good->len; len++)
			bad[len] = (uint8_t)test_rng_next();
		CHECK(load(bad, good->len) == SEAL_ERR_MALFORMED);
	}
	CHECK(load(NULL, 0) == SEAL_ERR_TRUNCATED);
	printf("%s: %zu bytes, all damage refused\n", what, good->len);
	free(bad);
}

/* A session mid-conversation holding a few skipped keys. */
static void make_session_blob(party *a, party *b, seal_buf *blob)
{
	wire_msg m[4];
	int i;

	party_init(a);
	party_init(b);
	handshake_pair(a, b);
	for (i = 0; i < 4; i++)
		m[i] = send_counted(a, 1, (uint32_t)i);
	receive_counted(b, &m[3]);
	for (i = 0; i < 4; i++)
		wire_msg_free(&m[i]);
	CHECK_OK(seal_session_save(b->session, blob));
	CHECK(blob->len == 42 + 321 + 3 * 68);
}

static void test_invalid_contents(seal_buf *identity, seal_buf *contact, seal_buf *session)
{
	uint8_t *bad = malloc(session->len);

	CHECK(bad != NULL);
	/* Identity whose public key does not match its secret. */
	memcpy(bad, identity->data, identity->len);
	bad[10 + 32] ^= 1;
	reseal(bad, identity->len);
	CHECK(load_identity(bad, identity->len) == SEAL_ERR_MALFORMED);
	/* Contact with an unknown trust value. */
	memcpy(bad, contact->data, contact->len);
	bad[10 + 64] = 3;
	reseal(bad, contact->len);
	CHECK(load_contact(bad, contact->len) == SEAL_ERR_MALFORMED);
	/* Session: unknown flag bits, too many skipped keys, ratchet key mismatch,
	 * a body length that disagrees with the skipped-key count. */
	memcpy(bad, session->data, session->len);
	bad[10 + 316] |= 0x04; /* flags */
	reseal(bad, session->len);
	CHECK(load_session(bad, session->len) == SEAL_ERR_MALFORMED);
	memcpy(bad, session->data, session->len);
	bad[10 + 317] = 0x10; /* count = 0x10000003 */
	reseal(bad, session->len);
	CHECK(load_session(bad, session->len) == SEAL_ERR_MALFORMED);
	memcpy(bad, session->data, session->len);
	bad[10 + 320] = 4; /* count 4, only 3 present */
	reseal(bad, session->len);
	CHECK(load_session(bad, session->len) == SEAL_ERR_TRUNCATED);
	memcpy(bad, session->data, session->len);
	bad[10 + 320] = 2; /* count 2, 3 present */
	reseal(bad, session->len);
	CHECK(load_session(bad, session->len) == SEAL_ERR_MALFORMED);
	memcpy(bad, session->data, session->len);
	bad[10 + 5 * 32 + 16 + 32] ^= 1; /* dh_send_pub */
	reseal(bad, session->len);
	CHECK(load_session(bad, session->len) == SEAL_ERR_MALFORMED);
	/* Foreign kinds. */
	CHECK(load_session(identity->data, identity->len) == SEAL_ERR_MALFORMED);
	CHECK(load_identity(contact->data, contact->len) == SEAL_ERR_MALFORMED);
	CHECK(load_contact(session->data, session->len) == SEAL_ERR_MALFORMED);
	free(bad);
}

/* Pending handshakes: one of each role, damaged in every way. */
static void test_handshake_blobs(party *a, party *b)
{
	seal_buf init = SEAL_BUF_INIT, resp = SEAL_BUF_INIT, ia = SEAL_BUF_INIT, rb = SEAL_BUF_INIT;
	seal_session *none = NULL;
	seal_handshake *ha = NULL, *hb = NULL;
	uint8_t *bad;

	CHECK_OK(seal_handshake_start(&ha, a->id, &init));
	CHECK_OK(seal_handshake_receive(&hb, b->id, init.data, init.len, &resp, &none));
	CHECK_OK(seal_handshake_save(ha, &ia));
	CHECK_OK(seal_handshake_save(hb, &rb));
	check_blob_damage(&ia, load_handshake, "handshake (initiator)");
	check_blob_damage(&rb, load_handshake, "handshake (responder)");
	bad = malloc(rb.len);
	CHECK(bad != NULL);
	memcpy(bad, rb.data, rb.len);
	bad[10] = 3; /* role */
	reseal(bad, rb.len);
	CHECK(load_handshake(bad, rb.len) == SEAL_ERR_MALFORMED);
	memcpy(bad, rb.data, rb.len);
	bad[10 + 1 + 32 + 64 + 82 + 32] = 2; /* has_peer */
	reseal(bad, rb.len);
	CHECK(load_handshake(bad, rb.len) == SEAL_ERR_MALFORMED);
	memcpy(bad, rb.data, rb.len);
	bad[10 + 1 + 32 + 32] ^= 1; /* ephemeral public key */
	reseal(bad, rb.len);
	CHECK(load_handshake(bad, rb.len) == SEAL_ERR_MALFORMED);
	memcpy(bad, ia.data, ia.len);
	bad[10 + 1 + 32 + 1] ^= 1; /* ephemeral secret (a bit clamping keeps) */
	reseal(bad, ia.len);
	CHECK(load_handshake(bad, ia.len) == SEAL_ERR_MALFORMED);
	CHECK(load_handshake(rb.data, rb.len) == SEAL_OK);
	CHECK(load_session(ia.data, ia.len) == SEAL_ERR_MALFORMED);
	free(bad);
	seal_handshake_free(ha);
	seal_handshake_free(hb);
	seal_buf_free(&init);
	seal_buf_free(&resp);
	seal_buf_free(&ia);
	seal_buf_free(&rb);
}

int main(void)
{
	party a, b;
	seal_buf identity = SEAL_BUF_INIT, contact = SEAL_BUF_INIT, session = SEAL_BUF_INIT;
	seal_contact c;

	test_rng_seed_from_env();
	make_session_blob(&a, &b, &session);
	CHECK_OK(seal_identity_save(a.id, &identity));
	memset(&c, 0, sizeof(c));
	memcpy(c.pinned, seal_identity_public(b.id), 32);
	c.trust = SEAL_TRUST_VERIFIED;
	c.first_seen = 1764300000;
	CHECK_OK(seal_contact_save(&c, &contact));
	check_blob_damage(&identity, load_identity, "identity");
	check_blob_damage(&contact, load_contact, "contact");
	check_blob_damage(&session, load_session, "session");
	test_invalid_contents(&identity, &contact, &session);
	test_handshake_blobs(&a, &b);
	seal_buf_free(&identity);
	seal_buf_free(&contact);
	seal_buf_free(&session);
	party_free(&a);
	party_free(&b);
	printf("ok\n");
	return 0;
}
