/* Armor: "?SEAL1:<base64>." encode/decode round trips, the decoder's
 * tolerance (whitespace, surrounding text) and its rejections (truncation,
 * bad characters, bad padding, oversize). */
#include "tests/wire/wire_test.h"

static const char *const whitespace_kinds[] = {
	" ", "\t", "\r", "\n", "\r\n", "\xC2\xA0", "\xE2\x80\x8B",
};
#define WHITESPACE_KIND_COUNT (sizeof whitespace_kinds / sizeof whitespace_kinds[0])

/* Encode msg, decode it back, and compare. */
static void check_round_trip(const uint8_t *msg, size_t len)
{
	seal_buf text = SEAL_BUF_INIT;
	seal_buf back = SEAL_BUF_INIT;

	CHECK_RC(seal_wire_encode(msg, len, &text), SEAL_OK);
	if (text.data == NULL)
		return;
	CHECK(text.len == strlen((const char *)text.data));
	CHECK(text.len == 7 + (len + 2) / 3 * 4 + 1);
	CHECK(memcmp(text.data, SEAL_WIRE_PREFIX, 7) == 0);
	CHECK(text.data[text.len - 1] == '.');
	CHECK_RC(seal_wire_decode((const char *)text.data, text.len, &back), SEAL_OK);
	CHECK(back.len == len && back.data != NULL && memcmp(back.data, msg, len) == 0);
	seal_buf_free(&back);
	seal_buf_free(&text);
}

static void test_every_small_size(void)
{
	uint8_t msg[2000] = { 0 };
	seal_buf text = SEAL_BUF_INIT;
	size_t len;

	/* Every protocol message has at least its type byte: empty is refused. */
	CHECK_RC(seal_wire_encode(msg, 0, &text), SEAL_ERR_ARGUMENT);
	CHECK(text.data == NULL);
	for (len = 1; len <= sizeof msg; len++) {
		test_fill(msg, len);
		check_round_trip(msg, len);
	}
}

static void test_large_random_sizes(void)
{
	uint8_t *msg = malloc(SEAL_WIRE_MAX_MESSAGE + 1);
	seal_buf text = SEAL_BUF_INIT;
	int i;

	if (msg == NULL) {
		CHECK(!"out of memory");
		return;
	}
	for (i = 0; i < 24; i++) {
		size_t len = 1 + test_below(SEAL_WIRE_MAX_MESSAGE);
		test_fill(msg, len);
		check_round_trip(msg, len);
	}
	test_fill(msg, SEAL_WIRE_MAX_MESSAGE + 1);
	check_round_trip(msg, SEAL_WIRE_MAX_MESSAGE);
	CHECK_RC(seal_wire_encode(msg, SEAL_WIRE_MAX_MESSAGE + 1, &text), SEAL_ERR_TOO_LARGE);
	CHECK(text.data == NULL);
	free(msg);
}

/* Copy src into a new string with whitespace of random kinds inserted at
 * random positions after the prefix (count insertions). */
static char *insert_whitespace(const char *src, size_t len, int count, size_t *out_len)
{
	char *dst = malloc(len + (size_t)count * 3 + 1);
	size_t *at = calloc((size_t)count, sizeof *at);
	size_t o = 0;
	size_t i;
	int j;

	if (dst == NULL || at == NULL) {
		free(dst);
		free(at);
		return NULL;
	}
	for (j = 0; j < count; j++)
		at[j] = 7 + test_below(len - 7); /* before some body char or the '.' */
	for (i = 0; i < len; i++) {
		for (j = 0; j < count; j++) {
			if (at[j] == i) {
				const char *ws = whitespace_kinds[test_below(WHITESPACE_KIND_COUNT)];
				memcpy(dst + o, ws, strlen(ws));
				o += strlen(ws);
			}
		}
		dst[o++] = src[i];
	}
	dst[o] = '\0';
	*out_len = o;
	free(at);
	return dst;
}

static void test_whitespace_inside(void)
{
	uint8_t msg[600];
	int round;

	for (round = 0; round < 400; round++) {
		size_t len = 1 + test_below(sizeof msg);
		seal_buf text = SEAL_BUF_INIT;
		seal_buf back = SEAL_BUF_INIT;
		size_t spaced_len;
		char *spaced;

		test_fill(msg, len);
		CHECK_RC(seal_wire_encode(msg, len, &text), SEAL_OK);
		spaced = insert_whitespace((const char *)text.data, text.len,
					   1 + (int)test_below(40), &spaced_len);
		CHECK(spaced != NULL);
		if (spaced != NULL) {
			CHECK_RC(seal_wire_decode(spaced, spaced_len, &back), SEAL_OK);
			CHECK(back.len == len && memcmp(back.data, msg, len) == 0);
		}
		free(spaced);
		seal_buf_free(&back);
		seal_buf_free(&text);
	}
}

static void test_surrounding_text(void)
{
	static const char *const before[] = {
		"", "hello ", "<span>", "line one\nline two: ", "?SEAL1 is not armor; ", "\xC2\xA0",
	};
	static const char *const after[] = {
		"", " bye.", "</span>", "\n", "   ", "?SEAL1:QUFB.", "\t \t\t",
	};
	const uint8_t msg[] = { 4, 'h', 'i', 0, 0xff };
	seal_buf text = SEAL_BUF_INIT;
	size_t b;
	size_t a;

	CHECK_RC(seal_wire_encode(msg, sizeof msg, &text), SEAL_OK);
	for (b = 0; b < sizeof before / sizeof before[0]; b++) {
		for (a = 0; a < sizeof after / sizeof after[0]; a++) {
			char joined[256];
			seal_buf back = SEAL_BUF_INIT;
			int n = snprintf(joined, sizeof joined, "%s%s%s", before[b],
					 (const char *)text.data, after[a]);
			CHECK(n > 0 && (size_t)n < sizeof joined);
			CHECK_RC(seal_wire_decode(joined, (size_t)n, &back), SEAL_OK);
			CHECK(back.len == sizeof msg && memcmp(back.data, msg, sizeof msg) == 0);
			seal_buf_free(&back);
		}
	}
	seal_buf_free(&text);
}

static void test_every_truncation(void)
{
	uint8_t msg[100];
	seal_buf text = SEAL_BUF_INIT;
	size_t cut;

	test_fill(msg, sizeof msg);
	CHECK_RC(seal_wire_encode(msg, sizeof msg, &text), SEAL_OK);
	for (cut = 0; cut < text.len; cut++) {
		seal_buf back = SEAL_BUF_INIT;
		int want = cut < 7 ? SEAL_ERR_MALFORMED : SEAL_ERR_TRUNCATED;
		CHECK_RC(seal_wire_decode((const char *)text.data, cut, &back), want);
		CHECK(back.data == NULL);
	}
	seal_buf_free(&text);

	/* Cut inside a multi-byte whitespace sequence: truncated, not malformed. */
	{
		const char nbsp_cut[] = "?SEAL1:QUFB\xC2";
		const char zwsp_cut1[] = "?SEAL1:QUFB\xE2";
		const char zwsp_cut2[] = "?SEAL1:QUFB\xE2\x80";
		seal_buf back = SEAL_BUF_INIT;
		CHECK_RC(seal_wire_decode(nbsp_cut, sizeof nbsp_cut - 1, &back), SEAL_ERR_TRUNCATED);
		CHECK_RC(seal_wire_decode(zwsp_cut1, sizeof zwsp_cut1 - 1, &back), SEAL_ERR_TRUNCATED);
		CHECK_RC(seal_wire_decode(zwsp_cut2, sizeof zwsp_cut2 - 1, &back), SEAL_ERR_TRUNCATED);
	}
}

static void test_bad_characters(void)
{
	static const char bad[] = { '!', '-', '_', '*', '<', '&', ';', ':', '?', '|', '\0',
				    '\x01', '\x7f', '\x80', '\xa0', '\xc2', '\xe2', '\xff' };
	uint8_t msg[30];
	seal_buf text = SEAL_BUF_INIT;
	size_t pos;
	size_t b;

	test_fill(msg, sizeof msg);
	CHECK_RC(seal_wire_encode(msg, sizeof msg, &text), SEAL_OK);
	for (pos = 7; pos + 1 < text.len; pos++) {
		for (b = 0; b < sizeof bad; b++) {
			char copy[64];
			seal_buf back = SEAL_BUF_INIT;
			memcpy(copy, text.data, text.len);
			copy[pos] = bad[b];
			CHECK_RC(seal_wire_decode(copy, text.len, &back), SEAL_ERR_MALFORMED);
			CHECK(back.data == NULL);
		}
	}
	seal_buf_free(&text);
}

static void check_decode_fails(const char *text, int want)
{
	seal_buf back = SEAL_BUF_INIT;

	CHECK_RC(seal_wire_decode(text, strlen(text), &back), want);
	CHECK(back.data == NULL);
}

static void test_bad_padding_and_shape(void)
{
	seal_buf back = SEAL_BUF_INIT;

	check_decode_fails("?SEAL1:.", SEAL_ERR_MALFORMED);         /* empty body */
	check_decode_fails("?SEAL1: \n .", SEAL_ERR_MALFORMED);     /* only whitespace */
	check_decode_fails("?SEAL1:QUF.", SEAL_ERR_MALFORMED);      /* not a multiple of 4 */
	check_decode_fails("?SEAL1:QUFBQ.", SEAL_ERR_MALFORMED);
	check_decode_fails("?SEAL1:QQ=.", SEAL_ERR_MALFORMED);      /* padding cut short */
	check_decode_fails("?SEAL1:Q===.", SEAL_ERR_MALFORMED);     /* three '=' */
	check_decode_fails("?SEAL1:====.", SEAL_ERR_MALFORMED);
	check_decode_fails("?SEAL1:QQ=A.", SEAL_ERR_MALFORMED);     /* '=' inside */
	check_decode_fails("?SEAL1:QQ==QUFB.", SEAL_ERR_MALFORMED); /* data after padding */
	check_decode_fails("?SEAL1:=QUF.", SEAL_ERR_MALFORMED);
	check_decode_fails("?SEAL1:QR==.", SEAL_ERR_MALFORMED);     /* unused bits set */
	check_decode_fails("?SEAL1:QUG=.", SEAL_ERR_MALFORMED);
	check_decode_fails("no armor here", SEAL_ERR_MALFORMED);
	check_decode_fails("", SEAL_ERR_MALFORMED);
	check_decode_fails("?SEAL1|00000001|1|1|QUFB.", SEAL_ERR_MALFORMED); /* a fragment */
	check_decode_fails("?SEAL1:QUFB", SEAL_ERR_TRUNCATED);

	/* The canonical forms of the same shapes decode. */
	CHECK_RC(seal_wire_decode("?SEAL1:QQ==.", 12, &back), SEAL_OK);
	CHECK(back.len == 1 && back.data[0] == 'A');
	seal_buf_free(&back);
	CHECK_RC(seal_wire_decode("?SEAL1:QUE=.", 12, &back), SEAL_OK);
	CHECK(back.len == 2 && memcmp(back.data, "AA", 2) == 0);
	seal_buf_free(&back);
	/* Whitespace between the padding characters is tolerated too. */
	CHECK_RC(seal_wire_decode("?SEAL1:Q Q =\n= .", 16, &back), SEAL_OK);
	CHECK(back.len == 1 && back.data[0] == 'A');
	seal_buf_free(&back);

	CHECK_RC(seal_wire_decode(NULL, 0, &back), SEAL_ERR_MALFORMED);
	CHECK_RC(seal_wire_decode("?SEAL1:QQ==.", 12, NULL), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_wire_encode(NULL, 3, &back), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_wire_encode((const uint8_t *)"abc", 3, NULL), SEAL_ERR_ARGUMENT);
}

/* A body one group longer than the largest message allows: rejected. */
static void test_oversize_body(void)
{
	size_t max_chars = (SEAL_WIRE_MAX_MESSAGE + 2) / 3 * 4;
	size_t body_len = max_chars + 4;
	char *text = malloc(7 + body_len + 1);
	seal_buf back = SEAL_BUF_INIT;

	if (text == NULL) {
		CHECK(!"out of memory");
		return;
	}
	memcpy(text, SEAL_WIRE_PREFIX, 7);
	memset(text + 7, 'A', body_len);
	text[7 + body_len] = '.';
	CHECK_RC(seal_wire_decode(text, 7 + body_len + 1, &back), SEAL_ERR_TOO_LARGE);
	CHECK(back.data == NULL);
	/* The longest body that fits but decodes to MAX + 1 or + 2 bytes. */
	text[7 + max_chars] = '.';
	CHECK_RC(seal_wire_decode(text, 7 + max_chars + 1, &back), SEAL_ERR_TOO_LARGE);
	text[7 + max_chars - 1] = '=';
	CHECK_RC(seal_wire_decode(text, 7 + max_chars + 1, &back), SEAL_ERR_TOO_LARGE);
	/* ... and with two '=' it is exactly SEAL_WIRE_MAX_MESSAGE bytes. */
	text[7 + max_chars - 2] = '=';
	CHECK_RC(seal_wire_decode(text, 7 + max_chars + 1, &back), SEAL_OK);
	CHECK(back.len == SEAL_WIRE_MAX_MESSAGE);
	seal_buf_free(&back);
	free(text);
}

int main(void)
{
	test_init();
	test_every_small_size();
	test_large_random_sizes();
	test_whitespace_inside();
	test_surrounding_text();
	test_every_truncation();
	test_bad_characters();
	test_bad_padding_and_shape();
	test_oversize_body();
	return test_finish("wire_armor");
}
