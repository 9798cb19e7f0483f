/* Seal crypto library (private): byte cursors and the serialization envelope. */
#include <string.h>
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/serial.h"

void seal_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

uint32_t seal_get_u32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

void seal_put_u64(uint8_t *p, uint64_t v)
{
	seal_put_u32(p, (uint32_t)(v >> 32));
	seal_put_u32(p + 4, (uint32_t)v);
}

uint64_t seal_get_u64(const uint8_t *p)
{
	return ((uint64_t)seal_get_u32(p) << 32) | seal_get_u32(p + 4);
}

static uint8_t *writer_claim(seal_writer *w, size_t n)
{
	uint8_t *at;

	if (w->overflow || n > w->cap - w->pos) {
		w->overflow = 1;
		return NULL;
	}
	at = w->p + w->pos;
	w->pos += n;
	return at;
}

void seal_writer_u8(seal_writer *w, uint8_t v)
{
	uint8_t *at = writer_claim(w, 1);

	if (at)
		*at = v;
}

void seal_writer_u32(seal_writer *w, uint32_t v)
{
	uint8_t *at = writer_claim(w, 4);

	if (at)
		seal_put_u32(at, v);
}

void seal_writer_u64(seal_writer *w, uint64_t v)
{
	uint8_t *at = writer_claim(w, 8);

	if (at)
		seal_put_u64(at, v);
}

void seal_writer_bytes(seal_writer *w, const uint8_t *src, size_t n)
{
	uint8_t *at = writer_claim(w, n);

	if (at && n)
		memcpy(at, src, n);
}

void seal_reader_init(seal_reader *r, const uint8_t *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->pos = 0;
	r->truncated = 0;
}

const uint8_t *seal_reader_view(seal_reader *r, size_t n)
{
	const uint8_t *at;

	if (r->truncated || n > r->len - r->pos) {
		r->truncated = 1;
		return NULL;
	}
	at = r->p + r->pos;
	r->pos += n;
	return at;
}

uint8_t seal_reader_u8(seal_reader *r)
{
	const uint8_t *at = seal_reader_view(r, 1);

	return at ? *at : 0;
}

uint32_t seal_reader_u32(seal_reader *r)
{
	const uint8_t *at = seal_reader_view(r, 4);

	return at ? seal_get_u32(at) : 0;
}

uint64_t seal_reader_u64(seal_reader *r)
{
	const uint8_t *at = seal_reader_view(r, 8);

	return at ? seal_get_u64(at) : 0;
}

void seal_reader_bytes(seal_reader *r, uint8_t *dst, size_t n)
{
	const uint8_t *at = seal_reader_view(r, n);

	if (at)
		memcpy(dst, at, n);
	else
		memset(dst, 0, n);
}

int seal_reader_finish(const seal_reader *r)
{
	if (r->truncated)
		return SEAL_ERR_TRUNCATED;
	if (r->pos != r->len)
		return SEAL_ERR_MALFORMED;
	return SEAL_OK;
}

int seal_serial_begin(seal_buf *out, seal_writer *w, seal_serial_kind kind, uint8_t version,
		      size_t body_len, int secure)
{
	int rc;

	if (body_len > UINT32_MAX - SEAL_SERIAL_OVERHEAD)
		return SEAL_ERR_TOO_LARGE;
	rc = seal_buf_alloc(out, SEAL_SERIAL_OVERHEAD + body_len, secure);
	if (rc != SEAL_OK)
		return rc;
	w->p = out->data;
	w->cap = out->len;
	w->pos = 0;
	w->overflow = 0;
	seal_writer_bytes(w, (const uint8_t *)SEAL_SERIAL_MAGIC, 4);
	seal_writer_u8(w, (uint8_t)kind);
	seal_writer_u8(w, version);
	seal_writer_u32(w, (uint32_t)body_len);
	return SEAL_OK;
}

int seal_serial_seal(seal_buf *out, seal_writer *w)
{
	int rc;

	if (w->overflow || w->pos != w->cap - SEAL_SHA256_LEN) {
		seal_buf_free(out);
		return SEAL_ERR_ARGUMENT;
	}
	rc = seal_sha256(out->data + w->pos, out->data, w->pos);
	if (rc != SEAL_OK) {
		seal_buf_free(out);
		return rc;
	}
	w->pos += SEAL_SHA256_LEN;
	return SEAL_OK;
}

int seal_serial_open(const uint8_t *data, size_t len, seal_serial_kind kind, uint8_t version,
		     seal_reader *body)
{
	uint8_t digest[SEAL_SHA256_LEN];
	size_t body_len;
	int rc;

	if (body == NULL || (data == NULL && len > 0))
		return SEAL_ERR_ARGUMENT;
	if (len == 0)
		return SEAL_ERR_TRUNCATED;
	if (memcmp(data, SEAL_SERIAL_MAGIC, len < 4 ? len : 4) != 0)
		return SEAL_ERR_MALFORMED;
	if (len < SEAL_SERIAL_HEADER_LEN)
		return SEAL_ERR_TRUNCATED;
	if (data[4] != (uint8_t)kind)
		return SEAL_ERR_MALFORMED;
	if (data[5] != version)
		return SEAL_ERR_VERSION;
	body_len = seal_get_u32(data + 6);
	if (len < SEAL_SERIAL_OVERHEAD || len - SEAL_SERIAL_OVERHEAD < body_len)
		return SEAL_ERR_TRUNCATED;
	if (len - SEAL_SERIAL_OVERHEAD > body_len)
		return SEAL_ERR_MALFORMED;
	rc = seal_sha256(digest, data, SEAL_SERIAL_HEADER_LEN + body_len);
	if (rc != SEAL_OK)
		return rc;
	if (!seal_ct_equal(digest, data + SEAL_SERIAL_HEADER_LEN + body_len, SEAL_SHA256_LEN))
		return SEAL_ERR_MALFORMED;
	seal_reader_init(body, data + SEAL_SERIAL_HEADER_LEN, body_len);
	return SEAL_OK;
}
