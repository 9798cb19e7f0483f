/* Seal crypto library: the plaintext payload inside a DATA message.
 *
 *   version u8 | format u8 | timestamp_us i64 BE | id (16) | text_len u32 BE |
 *   text | zero padding up to the bucket size
 *
 * Sizes (docs/PROTOCOL.md, "Payload"): at least 64 bytes, above that the
 * Padmé length of header + text. */
#include <string.h>
#include "crypto/error.h"
#include "crypto/payload.h"
#include "crypto/primitives.h"
#include "crypto/serial.h"

#define PAYLOAD_VERSION 1
#define PAYLOAD_HEADER_LEN (1 + 1 + 8 + SEAL_PAYLOAD_ID_LEN + 4)
#define TEXT_LEN_OFFSET (1 + 1 + 8 + SEAL_PAYLOAD_ID_LEN)
#define PAYLOAD_MIN_BUCKET 64

/* v >= 1. */
static unsigned floor_log2(size_t v)
{
	return (unsigned)(sizeof(unsigned long long) * 8 - 1) - (unsigned)__builtin_clzll(v);
}

/* Padmé (Nikitin et al., PETS 2019): round len up so that only its top
 * ~log2(log2(len)) + 1 bits remain significant; at most 12% overhead and
 * O(log log len) bits of length revealed.  Never below PAYLOAD_MIN_BUCKET. */
size_t seal_payload_bucket(size_t len)
{
	unsigned exponent, significant;
	size_t mask;

	if (len <= PAYLOAD_MIN_BUCKET)
		return PAYLOAD_MIN_BUCKET;
	exponent = floor_log2(len);
	significant = floor_log2(exponent) + 1;
	mask = ((size_t)1 << (exponent - significant)) - 1;
	return (len + mask) & ~mask;
}

static int is_continuation(uint8_t c)
{
	return (c & 0xC0) == 0x80;
}

/* Length of the well-formed sequence at s (RFC 3629 table), 0 if ill-formed. */
static size_t utf8_sequence_len(const uint8_t *s, size_t left)
{
	uint8_t c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, i;

	if (c >= 0x01 && c <= 0x7F)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 4;
	else
		return 0; /* NUL, stray continuation, C0/C1 overlong lead, F5..FF */
	if (c == 0xE0)
		lo = 0xA0; /* overlong */
	else if (c == 0xED)
		hi = 0x9F; /* UTF-16 surrogates */
	else if (c == 0xF0)
		lo = 0x90; /* overlong */
	else if (c == 0xF4)
		hi = 0x8F; /* beyond U+10FFFF */
	if (left < need || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (!is_continuation(s[i]))
			return 0;
	return need;
}

/* Length of the run of ASCII bytes 0x01..0x7F at s: eight bytes per step
 * while no byte has its top bit set and none is zero. */
static size_t ascii_run(const uint8_t *s, size_t left)
{
	const uint64_t ones = 0x0101010101010101ULL, tops = 0x8080808080808080ULL;
	size_t pos = 0;

	for (; pos + 8 <= left; pos += 8) {
		uint64_t w;

		memcpy(&w, s + pos, sizeof w);
		if (((w | (w - ones)) & tops) != 0)
			break; /* a byte >= 0x80, or a zero byte (its borrow sets a top bit) */
	}
	while (pos < left && s[pos] >= 0x01 && s[pos] <= 0x7F)
		pos++;
	return pos;
}

int seal_payload_text_valid(const char *text, size_t len)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t pos = 0, step;

	if (text == NULL && len > 0)
		return SEAL_ERR_ARGUMENT;
	if (len > SEAL_PAYLOAD_MAX_TEXT)
		return SEAL_ERR_TOO_LARGE;
	while (pos < len) {
		pos += ascii_run(s + pos, len - pos); /* ASCII, the common case */
		if (pos == len)
			break;
		step = utf8_sequence_len(s + pos, len - pos);
		if (step == 0)
			return SEAL_ERR_MALFORMED;
		pos += step;
	}
	return SEAL_OK;
}

int seal_payload_encode(const seal_payload *p, seal_buf *out)
{
	seal_writer w;
	size_t total;
	int rc;

	if (p == NULL || out == NULL)
		return SEAL_ERR_ARGUMENT;
	if (p->format != SEAL_FORMAT_PLAIN)
		return SEAL_ERR_ARGUMENT;
	rc = seal_crypto_init(); /* the output lives in secure memory */
	if (rc == SEAL_OK)
		rc = seal_payload_text_valid(p->text, p->text_len);
	if (rc != SEAL_OK)
		return rc;
	total = seal_payload_bucket(PAYLOAD_HEADER_LEN + p->text_len);
	rc = seal_buf_alloc(out, total, 1);
	if (rc != SEAL_OK)
		return rc;
	memset(out->data, 0, total);
	w.p = out->data;
	w.cap = total;
	w.pos = 0;
	w.overflow = 0;
	seal_writer_u8(&w, PAYLOAD_VERSION);
	seal_writer_u8(&w, (uint8_t)p->format);
	seal_writer_u64(&w, (uint64_t)p->timestamp_us);
	seal_writer_bytes(&w, p->id, SEAL_PAYLOAD_ID_LEN);
	seal_writer_u32(&w, (uint32_t)p->text_len);
	seal_writer_bytes(&w, (const uint8_t *)p->text, p->text_len);
	return SEAL_OK;
}

static int padding_is_zero(const uint8_t *p, size_t len)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < len; i++)
		acc |= p[i];
	return acc == 0;
}

int seal_payload_decode(seal_payload *p, const uint8_t *data, size_t len)
{
	size_t text_len, used;
	int rc;

	if (p == NULL || (data == NULL && len > 0))
		return SEAL_ERR_ARGUMENT;
	if (len == 0)
		return SEAL_ERR_TRUNCATED;
	if (data[0] != PAYLOAD_VERSION)
		return SEAL_ERR_VERSION;
	if (len < PAYLOAD_HEADER_LEN)
		return SEAL_ERR_TRUNCATED;
	if (data[1] != SEAL_FORMAT_PLAIN)
		return SEAL_ERR_MALFORMED;
	text_len = seal_get_u32(data + TEXT_LEN_OFFSET);
	if (text_len > SEAL_PAYLOAD_MAX_TEXT)
		return SEAL_ERR_MALFORMED;
	used = PAYLOAD_HEADER_LEN + text_len;
	if (used > len)
		return SEAL_ERR_TRUNCATED;
	if (len != seal_payload_bucket(used) || !padding_is_zero(data + used, len - used))
		return SEAL_ERR_MALFORMED;
	rc = seal_payload_text_valid((const char *)data + PAYLOAD_HEADER_LEN, text_len);
	if (rc != SEAL_OK)
		return rc;
	p->format = SEAL_FORMAT_PLAIN;
	p->timestamp_us = (int64_t)seal_get_u64(data + 2);
	memcpy(p->id, data + 10, SEAL_PAYLOAD_ID_LEN);
	p->text = (const char *)data + PAYLOAD_HEADER_LEN;
	p->text_len = text_len;
	return SEAL_OK;
}
