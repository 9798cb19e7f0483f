/* Reassembler: any order, duplicates, several contacts and ids, rejection of
 * inconsistent pieces, and its bounds (pieces, pending messages, total
 * memory, expiry). */
#include "tests/wire/wire_test.h"

typedef struct {
	uint8_t msg[3000];
	size_t len;
	char **pieces;
	size_t count;
} fragmented;

static void make_fragmented(fragmented *f, size_t len, size_t max_chars)
{
	f->len = len;
	test_fill(f->msg, len);
	f->pieces = NULL;
	f->count = 0;
	CHECK_RC(seal_wire_fragment(f->msg, len, max_chars, &f->pieces, &f->count), SEAL_OK);
}

static void free_fragmented(fragmented *f)
{
	seal_wire_pieces_free(f->pieces, f->count);
	f->pieces = NULL;
	f->count = 0;
}

static int add(seal_reassembler *r, const char *contact, const char *text, int64_t now,
	       seal_buf *out)
{
	return seal_reassembler_add(r, contact, text, strlen(text), now, out);
}

static int is_message(const seal_buf *b, const fragmented *f)
{
	return b->data != NULL && b->len == f->len && memcmp(b->data, f->msg, f->len) == 0;
}

static void shuffle(size_t *order, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		order[i] = i;
	for (i = count; i > 1; i--) {
		size_t j = test_below(i);
		size_t t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
}

static void test_random_order_with_duplicates(void)
{
	int round;

	for (round = 0; round < 200; round++) {
		seal_reassembler *r = NULL;
		seal_buf out = SEAL_BUF_INIT;
		fragmented f;
		size_t order[SEAL_REASM_MAX_PIECES];
		size_t i;

		make_fragmented(&f, 1 + test_below(sizeof f.msg), 90 + test_below(400));
		CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
		shuffle(order, f.count);
		for (i = 0; i < f.count; i++) {
			int want = i + 1 < f.count ? SEAL_MORE : SEAL_OK;
			if (i > 0 && test_below(3) == 0)
				CHECK_RC(add(r, "bob", f.pieces[order[test_below(i)]], 5, &out),
					 SEAL_MORE); /* a piece already held again */
			CHECK_RC(add(r, "bob", f.pieces[order[i]], 5, &out), want);
		}
		CHECK(is_message(&out, &f));
		seal_buf_free(&out);
		free_fragmented(&f);
		seal_reassembler_free(r);
	}
}

/* What networks do to a fragment: text around it, whitespace inside its piece. */
static char *mangle_fragment(const char *piece)
{
	static const char *const spaces[] = { " ", "\t", "\r\n", "\n", "\xC2\xA0", "\xE2\x80\x8B" };
	size_t len = strlen(piece);
	const char *bar = strrchr(piece, '|');
	const char *body = bar != NULL ? bar + 1 : piece + 7; /* after "n|" or "?SEAL1:" */
	char *out = malloc(len * 4 + 64);
	size_t o;
	const char *p;

	if (out == NULL)
		return NULL;
	o = (size_t)sprintf(out, "<alice> ");
	memcpy(out + o, piece, (size_t)(body - piece));
	o += (size_t)(body - piece);
	for (p = body; *p != '\0'; p++) {
		if (test_below(4) == 0) {
			const char *ws = spaces[test_below(sizeof spaces / sizeof spaces[0])];
			memcpy(out + o, ws, strlen(ws));
			o += strlen(ws);
		}
		out[o++] = *p;
	}
	strcpy(out + o, " (sent at 12:00)");
	return out;
}

static void test_mangled_fragments(void)
{
	int round;

	for (round = 0; round < 50; round++) {
		seal_reassembler *r = NULL;
		seal_buf out = SEAL_BUF_INIT;
		fragmented f;
		size_t order[SEAL_REASM_MAX_PIECES];
		size_t i;

		size_t len = round % 5 == 0 ? 1 + test_below(50) : 1 + test_below(sizeof f.msg);
		make_fragmented(&f, len, 100 + test_below(300));
		CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
		shuffle(order, f.count);
		for (i = 0; i < f.count; i++) {
			char *mangled = mangle_fragment(f.pieces[order[i]]);
			CHECK(mangled != NULL);
			if (mangled == NULL)
				break;
			CHECK(seal_wire_classify(mangled, strlen(mangled)) ==
			      (f.count > 1 ? SEAL_TEXT_FRAGMENT : SEAL_TEXT_MESSAGE));
			CHECK_RC(add(r, "bob", mangled, 0, &out), i + 1 < f.count ? SEAL_MORE : SEAL_OK);
			free(mangled);
		}
		CHECK(is_message(&out, &f));
		seal_buf_free(&out);
		free_fragmented(&f);
		seal_reassembler_free(r);
	}
}

/* Two contacts, three messages each, all pieces interleaved at random. */
static void test_interleaved_contacts_and_ids(void)
{
	static const char *const contacts[] = { "alice@example.org", "bob@example.org" };
	fragmented f[6];
	size_t next_piece[6] = { 0 };
	size_t completed = 0;
	seal_reassembler *r = NULL;
	size_t i;

	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	for (i = 0; i < 6; i++)
		make_fragmented(&f[i], 500 + 300 * i, 120);
	/* The same id from both contacts must not mix: copy message 0's id into message 3. */
	for (i = 0; i < f[3].count; i++)
		memcpy(f[3].pieces[i] + 7, f[0].pieces[0] + 7, 8);
	while (completed < 6) {
		size_t m = test_below(6);
		seal_buf out = SEAL_BUF_INIT;
		int rc;
		if (next_piece[m] == f[m].count)
			continue;
		rc = add(r, contacts[m / 3], f[m].pieces[next_piece[m]++], 10, &out);
		if (next_piece[m] < f[m].count) {
			CHECK_RC(rc, SEAL_MORE);
		} else {
			CHECK_RC(rc, SEAL_OK);
			CHECK(is_message(&out, &f[m]));
			completed++;
		}
		seal_buf_free(&out);
	}
	for (i = 0; i < 6; i++)
		free_fragmented(&f[i]);
	seal_reassembler_free(r);
}

static void test_inconsistent_count(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	fragmented f;
	char bad[512];
	size_t i;

	make_fragmented(&f, 600, 200);
	CHECK(f.count >= 3 && f.count <= 9);
	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	CHECK_RC(add(r, "bob", f.pieces[0], 0, &out), SEAL_MORE);
	/* Same id, piece 2 claiming one more piece in total. */
	snprintf(bad, sizeof bad, "%.16s2|%zu|QUFB.", f.pieces[0], f.count + 1);
	CHECK_RC(add(r, "bob", bad, 0, &out), SEAL_ERR_MALFORMED);
	/* The message was dropped: the remaining pieces alone never complete it. */
	for (i = 1; i < f.count; i++)
		CHECK_RC(add(r, "bob", f.pieces[i], 0, &out), SEAL_MORE);
	CHECK(out.data == NULL);
	/* Its first piece now completes the new entry made of the others. */
	CHECK_RC(add(r, "bob", f.pieces[0], 0, &out), SEAL_OK);
	CHECK(is_message(&out, &f));
	seal_buf_free(&out);
	free_fragmented(&f);
	seal_reassembler_free(r);
}

static void test_conflicting_piece(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	fragmented f;
	char changed[512];
	size_t len;
	size_t i;

	make_fragmented(&f, 600, 200);
	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	CHECK_RC(add(r, "bob", f.pieces[0], 0, &out), SEAL_MORE);
	CHECK_RC(add(r, "bob", f.pieces[1], 0, &out), SEAL_MORE);
	len = strlen(f.pieces[1]);
	memcpy(changed, f.pieces[1], len + 1);
	changed[len - 2] = changed[len - 2] == 'A' ? 'B' : 'A'; /* last body char */
	CHECK_RC(add(r, "bob", changed, 0, &out), SEAL_ERR_MALFORMED);
	/* Dropped: piece 0 is gone, so adding all but piece 0 leaves it incomplete. */
	for (i = 1; i < f.count; i++)
		CHECK_RC(add(r, "bob", f.pieces[i], 0, &out), SEAL_MORE);
	CHECK_RC(add(r, "bob", f.pieces[0], 0, &out), SEAL_OK);
	CHECK(is_message(&out, &f));
	seal_buf_free(&out);
	/* A duplicate that differs only by whitespace the servers add is the same piece. */
	CHECK_RC(add(r, "bob", f.pieces[0], 0, &out), SEAL_MORE);
	len = strlen(f.pieces[0]);
	memcpy(changed, f.pieces[0], len - 1);
	memcpy(changed + len - 1, " \r\n.", 5);
	CHECK_RC(add(r, "bob", changed, 0, &out), SEAL_MORE);
	free_fragmented(&f);
	seal_reassembler_free(r);
}

static void test_bad_headers(void)
{
	static const struct {
		const char *text;
		int want;
	} cases[] = {
		{ "?SEAL1|0000000a|1|65|QUFB.", SEAL_ERR_TOO_LARGE },
		{ "?SEAL1|0000000a|70|99|QUFB.", SEAL_ERR_TOO_LARGE },
		{ "?SEAL1|0000000a|0|2|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|3|2|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|01|2|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|1|0|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|1|2|.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|1|2|QU!B.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|1|2|QUFB", SEAL_ERR_TRUNCATED },
		{ "?SEAL1|0000000a|1|2", SEAL_ERR_TRUNCATED },
		{ "?SEAL1|0000000a|", SEAL_ERR_TRUNCATED },
		{ "?SEAL1|0000000", SEAL_ERR_TRUNCATED },
		{ "?SEAL1|0000000g|1|2|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a||2|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|1|2 |QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|-1|2|QUFB.", SEAL_ERR_MALFORMED },
		{ "?SEAL1|0000000a|99999|2|QUFB.", SEAL_ERR_MALFORMED },
		{ "plain text", SEAL_ERR_MALFORMED },
		{ "?SEAL1? please", SEAL_ERR_MALFORMED },
		{ "", SEAL_ERR_MALFORMED },
	};
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	size_t i;

	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = add(r, "bob", cases[i].text, 0, &out);
		if (rc != cases[i].want)
			fprintf(stderr, "case %zu: %s\n", i, cases[i].text);
		CHECK_RC(rc, cases[i].want);
		CHECK(out.data == NULL);
	}
	/* "1 of 1" is complete by itself; a whole armored message just decodes. */
	CHECK_RC(add(r, "bob", "x ?SEAL1|0000000a|1|1|QU\nFB. y", 0, &out), SEAL_OK);
	CHECK(out.len == 3 && memcmp(out.data, "AAA", 3) == 0);
	seal_buf_free(&out);
	CHECK_RC(add(r, "bob", "<p>?SEAL1:QUFB.</p>", 0, &out), SEAL_OK);
	CHECK(out.len == 3 && memcmp(out.data, "AAA", 3) == 0);
	seal_buf_free(&out);
	CHECK_RC(seal_reassembler_add(NULL, "bob", "?SEAL1:QUFB.", 12, 0, &out), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_reassembler_add(r, NULL, "?SEAL1:QUFB.", 12, 0, &out), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_reassembler_add(r, "bob", NULL, 12, 0, &out), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_reassembler_add(r, "bob", "?SEAL1:QUFB.", 12, 0, NULL), SEAL_ERR_ARGUMENT);
	CHECK_RC(seal_reassembler_new(NULL), SEAL_ERR_ARGUMENT);
	seal_reassembler_free(r);
	seal_reassembler_free(NULL);
}

/* Every prefix of every piece is refused or held, never misread. */
static void test_truncated_pieces(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	fragmented f;
	size_t i;
	size_t cut;

	make_fragmented(&f, 300, 100);
	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	for (i = 0; i < f.count; i++) {
		for (cut = 0; cut < strlen(f.pieces[i]); cut++) {
			int rc = seal_reassembler_add(r, "bob", f.pieces[i], cut, 0, &out);
			CHECK(rc == (cut < 7 ? SEAL_ERR_MALFORMED : SEAL_ERR_TRUNCATED));
		}
	}
	for (i = 0; i < f.count; i++)
		CHECK_RC(add(r, "bob", f.pieces[i], 0, &out), i + 1 < f.count ? SEAL_MORE : SEAL_OK);
	CHECK(is_message(&out, &f));
	seal_buf_free(&out);
	free_fragmented(&f);
	seal_reassembler_free(r);
}

int main(void)
{
	test_init();
	test_random_order_with_duplicates();
	test_interleaved_contacts_and_ids();
	test_mangled_fragments();
	test_inconsistent_count();
	test_conflicting_piece();
	test_bad_headers();
	test_truncated_pieces();
	return test_finish("wire_reasm");
}
