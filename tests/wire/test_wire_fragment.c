/* Fragmenter: "?SEAL1|id|k|n|piece." pieces of at most max_chars characters,
 * for every max_chars from the smallest workable up to 5000. */
#include "tests/wire/wire_test.h"

#define HEADER_ONE_DIGIT 21 /* "?SEAL1|" + 8 hex + "|k|n|" + "." with 1-digit k, n */
#define HEADER_TWO_DIGITS 23

/* Parse "?SEAL1|<8 hex>|<k>|<n>|" at the start of piece; returns the header
 * length or 0 if it does not have that shape. */
static size_t parse_header(const char *piece, unsigned *id, unsigned *k, unsigned *n)
{
	int used = 0;

	if (strncmp(piece, SEAL_WIRE_FRAGMENT_PREFIX, 7) != 0)
		return 0;
	if (sscanf(piece + 7, "%8x|%u|%u|%n", id, k, n, &used) != 3 || used == 0)
		return 0;
	return 7 + (size_t)used;
}

/* Check the pieces of msg cut at max_chars: shape, bounds, order, and that
 * their bodies joined give the body of the armored message. */
static void check_pieces(const uint8_t *msg, size_t len, size_t max_chars, char **pieces,
			 size_t count)
{
	seal_buf armored = SEAL_BUF_INIT;
	size_t body_len;
	size_t joined = 0;
	unsigned first_id = 0;
	size_t i;

	CHECK_RC(seal_wire_encode(msg, len, &armored), SEAL_OK);
	body_len = armored.len - 8;
	CHECK(count >= 1 && count <= SEAL_REASM_MAX_PIECES);
	if (count == 1) {
		CHECK(strcmp(pieces[0], (const char *)armored.data) == 0);
		CHECK(max_chars == 0 || armored.len <= max_chars);
		seal_buf_free(&armored);
		return;
	}
	CHECK(armored.len > max_chars); /* it did not fit whole */
	for (i = 0; i < count; i++) {
		unsigned id = 0;
		unsigned k = 0;
		unsigned n = 0;
		size_t plen = strlen(pieces[i]);
		size_t header = parse_header(pieces[i], &id, &k, &n);
		CHECK(header != 0);
		CHECK(plen <= max_chars);
		CHECK(k == i + 1 && n == count);
		if (i == 0)
			first_id = id;
		CHECK(id == first_id);
		CHECK(header + 1 < plen && pieces[i][plen - 1] == '.');
		if (header == 0 || header + 1 >= plen)
			continue;
		CHECK(joined + plen - header - 1 <= body_len);
		if (joined + plen - header - 1 <= body_len)
			CHECK(memcmp(pieces[i] + header, armored.data + 7 + joined,
				     plen - header - 1) == 0);
		joined += plen - header - 1;
		CHECK(seal_wire_classify(pieces[i], plen) == SEAL_TEXT_FRAGMENT);
	}
	CHECK(joined == body_len);
	seal_buf_free(&armored);
}

/* Feed the pieces in order to a reassembler; the last one yields msg. */
static void check_reassembly(const uint8_t *msg, size_t len, char **pieces, size_t count)
{
	seal_reassembler *r = NULL;
	seal_buf back = SEAL_BUF_INIT;
	size_t i;

	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	for (i = 0; i < count; i++) {
		int want = i + 1 < count ? SEAL_MORE : SEAL_OK;
		CHECK_RC(seal_reassembler_add(r, "alice@example.org", pieces[i], strlen(pieces[i]),
					      1000, &back), want);
	}
	CHECK(back.len == len && back.data != NULL && memcmp(back.data, msg, len) == 0);
	seal_buf_free(&back);
	seal_reassembler_free(r);
}

/* Whether any piece count 2..64 can carry body_len characters within
 * max_chars (computed independently of the library). */
static int can_fragment(size_t body_len, size_t max_chars)
{
	int one_digit = max_chars > HEADER_ONE_DIGIT &&
			9 * (max_chars - HEADER_ONE_DIGIT) >= body_len;
	int two_digits = max_chars > HEADER_TWO_DIGITS &&
			 64 * (max_chars - HEADER_TWO_DIGITS) >= body_len;
	return one_digit || two_digits;
}

static void check_all_limits(const uint8_t *msg, size_t len, size_t step)
{
	size_t body_len = (len + 2) / 3 * 4;
	size_t max_chars;
	int worked_before = 0;

	for (max_chars = 1; max_chars <= 5000; max_chars += (max_chars < 200 ? 1 : step)) {
		char **pieces = NULL;
		size_t count = 0;
		int rc = seal_wire_fragment(msg, len, max_chars, &pieces, &count);
		if (8 + body_len <= max_chars) {
			CHECK_RC(rc, SEAL_OK);
			CHECK(count == 1);
		} else if (max_chars < HEADER_ONE_DIGIT + 1) {
			CHECK_RC(rc, SEAL_ERR_ARGUMENT);
		} else if (!can_fragment(body_len, max_chars)) {
			CHECK_RC(rc, SEAL_ERR_TOO_LARGE);
			CHECK(!worked_before); /* a larger limit never fails again */
		} else {
			CHECK_RC(rc, SEAL_OK);
		}
		if (rc == SEAL_OK) {
			worked_before = 1;
			check_pieces(msg, len, max_chars, pieces, count);
			check_reassembly(msg, len, pieces, count);
		} else {
			CHECK(pieces == NULL && count == 0);
		}
		seal_wire_pieces_free(pieces, count);
	}
}

static void test_every_limit(void)
{
	static const size_t sizes[] = { 1, 2, 3, 17, 100, 333, 1000, 4000 };
	uint8_t msg[4000];
	size_t i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		test_fill(msg, sizes[i]);
		check_all_limits(msg, sizes[i], sizes[i] >= 1000 ? 7 : 1);
	}
}

static void test_irc_line(void)
{
	uint8_t msg[2000];
	char **pieces = NULL;
	size_t count = 0;
	size_t i;

	test_fill(msg, sizeof msg);
	CHECK_RC(seal_wire_fragment(msg, sizeof msg, 400, &pieces, &count), SEAL_OK);
	CHECK(count == 8); /* 2668 body chars, at most 379 per piece */
	for (i = 0; i < count; i++)
		CHECK(strlen(pieces[i]) <= 400);
	check_pieces(msg, sizeof msg, 400, pieces, count);
	check_reassembly(msg, sizeof msg, pieces, count);
	seal_wire_pieces_free(pieces, count);
}

static void test_largest_message(void)
{
	uint8_t *msg = malloc(SEAL_WIRE_MAX_MESSAGE);
	char **pieces = NULL;
	size_t count = 0;

	if (msg == NULL) {
		CHECK(!"out of memory");
		return;
	}
	test_fill(msg, SEAL_WIRE_MAX_MESSAGE);
	/* 349528 body chars in 64 pieces: 5462 each at most, plus 23 header chars. */
	CHECK_RC(seal_wire_fragment(msg, SEAL_WIRE_MAX_MESSAGE, 5485, &pieces, &count), SEAL_OK);
	CHECK(count == 64);
	check_pieces(msg, SEAL_WIRE_MAX_MESSAGE, 5485, pieces, count);
	check_reassembly(msg, SEAL_WIRE_MAX_MESSAGE, pieces, count);
	seal_wire_pieces_free(pieces, count);
	CHECK_RC(seal_wire_fragment(msg, SEAL_WIRE_MAX_MESSAGE, 5484, &pieces, &count),
		 SEAL_ERR_TOO_LARGE);
	free(msg);
}

static void test_arguments_and_ids(void)
{
	const uint8_t msg[300] = { 4 };
	char **a = NULL;
	char **b = NULL;
	size_t na = 0;
	size_t nb = 0;
	unsigned ida = 0;
	unsigned idb = 0;
	unsigned k;
	unsigned n;

	CHECK_RC(seal_wire_fragment(msg, 0, 100, &a, &na), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_wire_fragment(NULL, 10, 100, &a, &na), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_wire_fragment(msg, 10, 100, NULL, &na), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_wire_fragment(msg, 10, 100, &a, NULL), SEAL_ERR_ARGUMENT);
	seal_wire_pieces_free(NULL, 0);

	/* No limit: one ordinary armored message. */
	CHECK_RC(seal_wire_fragment(msg, sizeof msg, 0, &a, &na), SEAL_OK);
	CHECK(na == 1 && seal_wire_classify(a[0], strlen(a[0])) == SEAL_TEXT_MESSAGE);
	seal_wire_pieces_free(a, na);

	/* Two fragmentations of the same message get independent random ids. */
	CHECK_RC(seal_wire_fragment(msg, sizeof msg, 100, &a, &na), SEAL_OK);
	CHECK_RC(seal_wire_fragment(msg, sizeof msg, 100, &b, &nb), SEAL_OK);
	CHECK(na == nb && na > 1);
	CHECK(parse_header(a[0], &ida, &k, &n) != 0 && parse_header(b[0], &idb, &k, &n) != 0);
	CHECK(ida != idb);
	seal_wire_pieces_free(a, na);
	seal_wire_pieces_free(b, nb);
}

int main(void)
{
	test_init();
	test_every_limit();
	test_irc_line();
	test_largest_message();
	test_arguments_and_ids();
	return test_finish("wire_fragment");
}
