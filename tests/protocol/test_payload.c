/* Protocol: payload encoding — Padmé padding, strict UTF-8, round trips,
 * and refusal of damaged encodings. */
#include <string.h>
#include "crypto/payload.h"
#include "tests/protocol/harness.h"

#define HEADER 30

/* Padmé, written differently from the library: the smallest size >= n whose
 * low (E - S) bits are zero, E = floor(log2 n), S = floor(log2 E) + 1. */
static size_t expected_bucket(size_t n)
{
	size_t e = 0, s = 0, step, size;

	if (n <= 64)
		return 64;
	while (((size_t)2 << e) <= n)
		e++;
	while (((size_t)2 << s) <= e)
		s++;
	step = (size_t)1 << (e - (s + 1));
	for (size = n; size % step != 0; size++)
		;
	CHECK(size - n < step && (size - n) * 100 <= 12 * n); /* at most 12% */
	return size;
}

static void encode_text(const char *text, size_t len, seal_buf *out)
{
	seal_payload p;

	memset(&p, 0, sizeof(p));
	p.format = SEAL_FORMAT_PLAIN;
	p.timestamp_us = 1764300000123456LL;
	memset(p.id, 0x42, sizeof(p.id));
	p.text = text;
	p.text_len = len;
	CHECK_OK(seal_payload_encode(&p, out));
}

static void test_buckets_and_round_trip(void)
{
	static char text[9000];
	static const struct { size_t text_len, padded; } table[] = {
		/* from an independent Python implementation */
		{ 0, 64 }, { 34, 64 }, { 35, 72 }, { 40, 72 }, { 100, 144 }, { 482, 512 },
		{ 483, 544 }, { 1000, 1088 }, { 4066, 4096 }, { 4067, 4352 }, { 8000, 8192 },
	};
	seal_buf out = SEAL_BUF_INIT;
	seal_payload back;
	size_t len, i;

	for (i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		encode_text(text, table[i].text_len, &out);
		CHECK(out.len == table[i].padded);
		seal_buf_free(&out);
	}
	for (len = 0; len <= 5200; len += (len < 600 ? 1 : 7)) {
		encode_text(text, len, &out);
		CHECK(out.len == expected_bucket(HEADER + len) && out.secure == 1);
		CHECK_OK(seal_payload_decode(&back, out.data, out.len));
		CHECK(back.text_len == len && memcmp(back.text, text, len) == 0);
		CHECK(back.timestamp_us == 1764300000123456LL && back.format == SEAL_FORMAT_PLAIN);
		CHECK(back.id[0] == 0x42 && back.id[15] == 0x42);
		seal_buf_free(&out);
	}
	CHECK(seal_payload_bucket(0) == 64 && seal_payload_bucket(65) == 72);
	CHECK(seal_payload_bucket(196638) == 200704);
	/* Negative timestamps survive too. */
	{
		seal_payload p = { SEAL_FORMAT_PLAIN, -1, { 0 }, "x", 1 };

		CHECK_OK(seal_payload_encode(&p, &out));
		CHECK_OK(seal_payload_decode(&back, out.data, out.len));
		CHECK(back.timestamp_us == -1);
		seal_buf_free(&out);
	}
}

static void test_utf8(void)
{
	static const char *const good[] = {
		"plain ascii", "caf\xc3\xa9", "\xe2\x82\xac", "\xed\x9f\xbf" /* U+D7FF */,
		"\xee\x80\x80" /* U+E000 */, "\xef\xbf\xbf" /* U+FFFF */,
		"\xf0\x90\x80\x80" /* U+10000 */, "\xf4\x8f\xbf\xbf" /* U+10FFFF */,
		"\xf0\x9f\x94\x92 lock", "",
	};
	static const struct { const char *s; size_t len; } bad[] = {
		{ "\xc0\x80", 2 },             /* overlong NUL */
		{ "\xc1\xbf", 2 },             /* overlong */
		{ "\xe0\x80\x80", 3 },         /* overlong */
		{ "\xe0\x9f\xbf", 3 },         /* overlong */
		{ "\xf0\x80\x80\x80", 4 },     /* overlong */
		{ "\xf0\x8f\xbf\xbf", 4 },     /* overlong */
		{ "\xed\xa0\x80", 3 },         /* surrogate U+D800 */
		{ "\xed\xbf\xbf", 3 },         /* surrogate U+DFFF */
		{ "\xf4\x90\x80\x80", 4 },     /* U+110000 */
		{ "\xf5\x80\x80\x80", 4 },     /* invalid lead */
		{ "\xff", 1 }, { "\x80", 1 },  /* invalid byte, stray continuation */
		{ "\xe2\x82", 2 },             /* truncated sequence */
		{ "ab\xe2\x82", 4 },           /* truncated at the end */
		{ "\xe2\x28\xa1", 3 },         /* bad continuation */
		{ "a\0b", 3 },                 /* NUL */
	};
	seal_buf out = SEAL_BUF_INIT;
	seal_payload back;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		CHECK_OK(seal_payload_text_valid(good[i], strlen(good[i])));
		encode_text(good[i], strlen(good[i]), &out);
		CHECK_OK(seal_payload_decode(&back, out.data, out.len));
		CHECK(back.text_len == strlen(good[i]) && memcmp(back.text, good[i], back.text_len) == 0);
		seal_buf_free(&out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		seal_payload p = { SEAL_FORMAT_PLAIN, 0, { 0 }, bad[i].s, bad[i].len };

		CHECK_RC(seal_payload_text_valid(bad[i].s, bad[i].len), SEAL_ERR_MALFORMED);
		CHECK_RC(seal_payload_encode(&p, &out), SEAL_ERR_MALFORMED);
		CHECK(out.data == NULL);
		/* The same bytes smuggled into an otherwise valid encoding. */
		encode_text("0123456789abcdef", bad[i].len, &out);
		memcpy(out.data + HEADER, bad[i].s, bad[i].len);
		CHECK_RC(seal_payload_decode(&back, out.data, out.len), SEAL_ERR_MALFORMED);
		seal_buf_free(&out);
	}
}

/* The validator skips ASCII eight bytes at a time: a bad byte at any offset
 * of a long ASCII text, in any of the eight lanes, is still found. */
static void test_utf8_bad_byte_anywhere(void)
{
	static const uint8_t bad_bytes[] = { 0x00, 0x80, 0xbf, 0xc0, 0xc2, 0xe2, 0xf0, 0xff };
	char text[70];
	size_t pos, b;

	memset(text, 'a', sizeof(text));
	CHECK_OK(seal_payload_text_valid(text, sizeof(text)));
	for (pos = 0; pos < sizeof(text); pos++) {
		for (b = 0; b < sizeof(bad_bytes); b++) {
			text[pos] = (char)bad_bytes[b];
			CHECK_RC(seal_payload_text_valid(text, sizeof(text)), SEAL_ERR_MALFORMED);
		}
		text[pos] = '\x7f';
		CHECK_OK(seal_payload_text_valid(text, sizeof(text)));
		memcpy(text + (pos < 68 ? pos : 67), "\xe2\x82\xac", 3); /* U+20AC */
		CHECK_OK(seal_payload_text_valid(text, sizeof(text)));
		memset(text, 'a', sizeof(text));
	}
}

static void test_damaged_encodings(void)
{
	static char big[SEAL_PAYLOAD_MAX_TEXT + 1];
	seal_buf out = SEAL_BUF_INIT;
	seal_payload back, p = { SEAL_FORMAT_PLAIN, 0, { 0 }, big, sizeof(big) };
	size_t len;

	memset(big, 'x', sizeof(big));
	CHECK_RC(seal_payload_encode(&p, &out), SEAL_ERR_TOO_LARGE);
	p.text_len = SEAL_PAYLOAD_MAX_TEXT;
	CHECK_OK(seal_payload_encode(&p, &out));
	CHECK_OK(seal_payload_decode(&back, out.data, out.len));
	CHECK(back.text_len == SEAL_PAYLOAD_MAX_TEXT);
	seal_buf_free(&out);
	p.format = (seal_format)1;
	p.text_len = 1;
	CHECK_RC(seal_payload_encode(&p, &out), SEAL_ERR_ARGUMENT);

	encode_text("hello", 5, &out);
	for (len = 0; len < out.len; len++)
		CHECK(seal_payload_decode(&back, out.data, len) < 0);
	out.data[40] = 1; /* non-zero padding */
	CHECK_RC(seal_payload_decode(&back, out.data, out.len), SEAL_ERR_MALFORMED);
	out.data[40] = 0;
	out.data[0] = 2;
	CHECK_RC(seal_payload_decode(&back, out.data, out.len), SEAL_ERR_VERSION);
	out.data[0] = 1;
	out.data[1] = 1;
	CHECK_RC(seal_payload_decode(&back, out.data, out.len), SEAL_ERR_MALFORMED);
	out.data[1] = 0;
	out.data[29] = 60; /* text_len beyond the buffer */
	CHECK_RC(seal_payload_decode(&back, out.data, out.len), SEAL_ERR_TRUNCATED);
	out.data[29] = 20; /* claims padding bytes as text: NUL is not valid text */
	CHECK_RC(seal_payload_decode(&back, out.data, out.len), SEAL_ERR_MALFORMED);
	out.data[29] = 5;
	CHECK_OK(seal_payload_decode(&back, out.data, out.len));
	seal_buf_free(&out);
	/* An encoding one bucket too large (padding extended) is refused. */
	{
		uint8_t wide[128];

		encode_text("hello", 5, &out);
		memset(wide, 0, sizeof(wide));
		memcpy(wide, out.data, out.len);
		CHECK_RC(seal_payload_decode(&back, wide, sizeof(wide)), SEAL_ERR_MALFORMED);
		seal_buf_free(&out);
	}
	CHECK_RC(seal_payload_decode(&back, NULL, 0), SEAL_ERR_TRUNCATED);
	CHECK_RC(seal_payload_encode(NULL, &out), SEAL_ERR_ARGUMENT);
}

int main(void)
{
	test_rng_seed_from_env();
	test_buckets_and_round_trip();
	test_utf8();
	test_utf8_bad_byte_anywhere();
	test_damaged_encodings();
	printf("ok\n");
	return 0;
}
