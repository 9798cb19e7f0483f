/* Seal crypto library: long-term identity keys and fingerprints. */
#include <gcrypt.h>
#include <string.h>
#include "crypto/error.h"
#include "crypto/identity.h"
#include "crypto/identity_private.h"
#include "crypto/primitives.h"
#include "crypto/serial.h"

#define IDENTITY_VERSION 1
#define IDENTITY_BODY_LEN (2 * SEAL_X25519_LEN)
#define FINGERPRINT_DOMAIN "SEAL-FP1"
#define FINGERPRINT_GROUPS 8
#define FINGERPRINT_GROUP_BYTES 5

/* The whole structure lives in libgcrypt secure memory. */
struct seal_identity {
	uint8_t secret[SEAL_X25519_LEN];
	uint8_t pub[SEAL_IDENTITY_PUB_LEN];
};

static seal_identity *identity_alloc(void)
{
	return gcry_calloc_secure(1, sizeof(seal_identity));
}

int seal_identity_generate(seal_identity **out)
{
	seal_identity *id;
	int rc;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	*out = NULL;
	rc = seal_crypto_init();
	if (rc != SEAL_OK)
		return rc;
	id = identity_alloc();
	if (id == NULL)
		return SEAL_ERR_NOMEM;
	rc = seal_x25519_keypair(id->secret, id->pub);
	if (rc != SEAL_OK) {
		seal_identity_free(id);
		return rc;
	}
	*out = id;
	return SEAL_OK;
}

void seal_identity_free(seal_identity *id)
{
	if (id == NULL)
		return;
	seal_wipe(id, sizeof(*id));
	gcry_free(id);
}

const uint8_t *seal_identity_public(const seal_identity *id)
{
	return id ? id->pub : NULL;
}

const uint8_t *seal_identity_secret(const seal_identity *id)
{
	return id ? id->secret : NULL;
}

int seal_identity_save(const seal_identity *id, seal_buf *out)
{
	seal_writer w;
	int rc;

	if (id == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_serial_begin(out, &w, SEAL_KIND_IDENTITY, IDENTITY_VERSION, IDENTITY_BODY_LEN, 1);
	if (rc != SEAL_OK)
		return rc;
	seal_writer_bytes(&w, id->secret, SEAL_X25519_LEN);
	seal_writer_bytes(&w, id->pub, SEAL_IDENTITY_PUB_LEN);
	return seal_serial_seal(out, &w);
}

/* The stored public key must be the one the stored secret yields. */
static int identity_check_pair(const seal_identity *id)
{
	uint8_t derived[SEAL_X25519_LEN];
	int rc, same;

	rc = seal_x25519_public(derived, id->secret);
	if (rc != SEAL_OK)
		return rc;
	same = seal_ct_equal(derived, id->pub, SEAL_X25519_LEN);
	seal_wipe(derived, sizeof(derived));
	return same ? SEAL_OK : SEAL_ERR_MALFORMED;
}

int seal_identity_load(seal_identity **out, const uint8_t *data, size_t len)
{
	seal_identity *id;
	seal_reader r;
	int rc;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	*out = NULL;
	rc = seal_crypto_init();
	if (rc != SEAL_OK)
		return rc;
	rc = seal_serial_open(data, len, SEAL_KIND_IDENTITY, IDENTITY_VERSION, &r);
	if (rc != SEAL_OK)
		return rc;
	id = identity_alloc();
	if (id == NULL)
		return SEAL_ERR_NOMEM;
	seal_reader_bytes(&r, id->secret, SEAL_X25519_LEN);
	seal_reader_bytes(&r, id->pub, SEAL_IDENTITY_PUB_LEN);
	rc = seal_reader_finish(&r);
	if (rc == SEAL_OK)
		rc = identity_check_pair(id);
	if (rc != SEAL_OK) {
		seal_identity_free(id);
		return rc;
	}
	*out = id;
	return SEAL_OK;
}

/* 40 bytes of fingerprint material: H || SHA-256(H), H = SHA-256("SEAL-FP1" || pub). */
static int fingerprint_material(uint8_t out[2 * SEAL_SHA256_LEN], const uint8_t pub[SEAL_IDENTITY_PUB_LEN])
{
	uint8_t input[sizeof(FINGERPRINT_DOMAIN) - 1 + SEAL_IDENTITY_PUB_LEN];
	int rc;

	memcpy(input, FINGERPRINT_DOMAIN, sizeof(FINGERPRINT_DOMAIN) - 1);
	memcpy(input + sizeof(FINGERPRINT_DOMAIN) - 1, pub, SEAL_IDENTITY_PUB_LEN);
	rc = seal_sha256(out, input, sizeof(input));
	if (rc == SEAL_OK)
		rc = seal_sha256(out + SEAL_SHA256_LEN, out, SEAL_SHA256_LEN);
	return rc;
}

int seal_fingerprint(char out[SEAL_FINGERPRINT_LEN], const uint8_t pub[SEAL_IDENTITY_PUB_LEN])
{
	uint8_t material[2 * SEAL_SHA256_LEN];
	char *p = out;
	int rc, g, i;

	if (out == NULL || pub == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = fingerprint_material(material, pub);
	if (rc != SEAL_OK)
		return rc;
	for (g = 0; g < FINGERPRINT_GROUPS; g++) {
		uint64_t chunk = 0;
		uint32_t group;

		for (i = 0; i < FINGERPRINT_GROUP_BYTES; i++)
			chunk = (chunk << 8) | material[g * FINGERPRINT_GROUP_BYTES + i];
		group = (uint32_t)(chunk % 100000);
		for (i = 4; i >= 0; i--) {
			p[i] = (char)('0' + group % 10);
			group /= 10;
		}
		p += 5;
		*p++ = (g == FINGERPRINT_GROUPS - 1) ? '\0' : ' ';
	}
	return SEAL_OK;
}
