/* Seal crypto library: serialization of what we know about a contact. */
#include <string.h>
#include "crypto/contact.h"
#include "crypto/error.h"
#include "crypto/serial.h"

#define CONTACT_VERSION 1
#define CONTACT_BODY_LEN (2 * SEAL_IDENTITY_PUB_LEN + 1 + 8)

int seal_contact_save(const seal_contact *c, seal_buf *out)
{
	seal_writer w;
	int rc;

	if (c == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	if (c->trust != SEAL_TRUST_UNVERIFIED && c->trust != SEAL_TRUST_VERIFIED &&
	    c->trust != SEAL_TRUST_CHANGED)
		return SEAL_ERR_ARGUMENT;
	rc = seal_serial_begin(out, &w, SEAL_KIND_CONTACT, CONTACT_VERSION, CONTACT_BODY_LEN, 0);
	if (rc != SEAL_OK)
		return rc;
	seal_writer_bytes(&w, c->pinned, SEAL_IDENTITY_PUB_LEN);
	seal_writer_bytes(&w, c->pending, SEAL_IDENTITY_PUB_LEN);
	seal_writer_u8(&w, (uint8_t)c->trust);
	seal_writer_u64(&w, (uint64_t)c->first_seen);
	return seal_serial_seal(out, &w);
}

int seal_contact_load(seal_contact *out, const uint8_t *data, size_t len)
{
	seal_contact c;
	seal_reader r;
	uint8_t trust;
	int rc;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	rc = seal_serial_open(data, len, SEAL_KIND_CONTACT, CONTACT_VERSION, &r);
	if (rc != SEAL_OK)
		return rc;
	memset(&c, 0, sizeof(c));
	seal_reader_bytes(&r, c.pinned, SEAL_IDENTITY_PUB_LEN);
	seal_reader_bytes(&r, c.pending, SEAL_IDENTITY_PUB_LEN);
	trust = seal_reader_u8(&r);
	c.first_seen = (int64_t)seal_reader_u64(&r);
	rc = seal_reader_finish(&r);
	if (rc != SEAL_OK)
		return rc;
	if (trust > SEAL_TRUST_CHANGED)
		return SEAL_ERR_MALFORMED;
	c.trust = (seal_trust)trust;
	*out = c;
	return SEAL_OK;
}
