/* Discovery: the whitespace tag (shape, has/strip in the ways servers mangle
 * the text around it) and seal_wire_classify on each kind and near-misses. */
#include "tests/wire/wire_test.h"

/* OTR's base whitespace tag, which ours must not begin like. */
static const char otr_tag[] = " \t  \t\t\t\t \t \t \t  ";

static void test_tag_shape(void)
{
	const char *tag = seal_wire_tag();
	size_t len = strlen(tag);
	size_t i;

	CHECK(len >= 16 && len <= 24);
	CHECK(tag[len - 1] == '\t');
	for (i = 0; i < len; i++)
		CHECK(tag[i] == ' ' || tag[i] == '\t');
	CHECK(tag[0] != otr_tag[0]);
	CHECK(seal_wire_tag() == tag); /* fixed */
}

/* Build "<before><tag><after>" in buf. */
static size_t tagged(char *buf, size_t size, const char *before, const char *after)
{
	int n = snprintf(buf, size, "%s%s%s", before, seal_wire_tag(), after);

	CHECK(n > 0 && (size_t)n < size);
	return n > 0 ? (size_t)n : 0;
}

static void check_strip(const char *text, size_t len, const char *want)
{
	seal_buf out = SEAL_BUF_INIT;

	CHECK_RC(seal_wire_strip_tag(text, len, &out), SEAL_OK);
	CHECK(out.data != NULL && out.len == strlen(want) && strcmp((char *)out.data, want) == 0);
	if (out.data != NULL && strcmp((char *)out.data, want) != 0)
		fprintf(stderr, "  got \"%s\", wanted \"%s\"\n", (char *)out.data, want);
	seal_buf_free(&out);
}

static void test_has_and_strip(void)
{
	static const struct {
		const char *before;
		const char *after;
	} cases[] = {
		{ "Hello Bob", "" },
		{ "Hello Bob", "   " },           /* server pads with spaces */
		{ "Hello Bob", "\n" },
		{ "Hello Bob", "\r\n" },
		{ "Hello Bob", "</body></html>" }, /* HTML after it */
		{ "<b>Hi</b>", "<br>" },
		{ "", "" },
		{ "", "Hello Bob" },              /* at the front, as the plugin sends on IRC */
		{ "", "  Hello Bob" },
		{ "two  spaces\t", " and more" }, /* in the middle, keeps nearby whitespace */
	};
	char buf[256];
	char want[256];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = tagged(buf, sizeof buf, cases[i].before, cases[i].after);
		CHECK(seal_wire_has_tag(buf, len) == 1);
		snprintf(want, sizeof want, "%s%s", cases[i].before, cases[i].after);
		check_strip(buf, len, want);
	}
}

static void test_no_tag(void)
{
	const char *tag = seal_wire_tag();
	size_t tag_len = strlen(tag);
	char buf[128];

	CHECK(seal_wire_has_tag("Hello Bob", 9) == 0);
	CHECK(seal_wire_has_tag("", 0) == 0);
	CHECK(seal_wire_has_tag(NULL, 0) == 0);
	CHECK(seal_wire_has_tag(otr_tag, strlen(otr_tag)) == 0);
	/* The tag with its trailing tab cut off, or with a space trimmed inside. */
	CHECK(seal_wire_has_tag(tag, tag_len - 1) == 0);
	memcpy(buf, tag, tag_len);
	buf[tag_len] = '\0';
	memmove(buf + 1, buf + 2, tag_len - 1); /* drop the space at index 1 */
	CHECK(seal_wire_has_tag(buf, tag_len - 1) == 0);
	/* Spaces and tabs that are not the tag are kept by strip. */
	check_strip("a \t \t\t  b\t", 10, "a \t \t\t  b\t");
	check_strip("", 0, "");
	check_strip(NULL, 0, "");
	/* Only the first tag is removed. */
	{
		size_t len = tagged(buf, sizeof buf, "x", tag);
		seal_buf out = SEAL_BUF_INIT;
		CHECK_RC(seal_wire_strip_tag(buf, len, &out), SEAL_OK);
		CHECK(out.len == 1 + tag_len && memcmp(out.data + 1, tag, tag_len) == 0);
		seal_buf_free(&out);
	}
	CHECK_RC(seal_wire_strip_tag("x", 1, NULL), SEAL_ERR_ARGUMENT);
}

static void check_kind(const char *text, seal_text_kind want)
{
	seal_text_kind got = seal_wire_classify(text, strlen(text));

	if (got != want)
		fprintf(stderr, "  classify(\"%s\") = %d, wanted %d\n", text, (int)got, (int)want);
	CHECK(got == want);
}

static void test_classify(void)
{
	uint8_t msg[700];
	char **pieces = NULL;
	size_t count = 0;
	seal_buf armored = SEAL_BUF_INIT;
	size_t i;

	check_kind("", SEAL_TEXT_PLAIN);
	check_kind("hello", SEAL_TEXT_PLAIN);
	check_kind("I installed SEAL yesterday", SEAL_TEXT_PLAIN);
	check_kind("SEAL1: is the version", SEAL_TEXT_PLAIN);
	check_kind("what is ?SEAL1", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1:", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1: .", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1:!!", SEAL_TEXT_PLAIN);
	check_kind("?SEAL2:QUFB.", SEAL_TEXT_PLAIN);
	check_kind("?seal1:QUFB.", SEAL_TEXT_PLAIN);
	check_kind("SEAL1:QUFB.", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1 QUFB.", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1|", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1|1234567|1|2|QUFB.", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1|1234567g|1|2|QUFB.", SEAL_TEXT_PLAIN);
	check_kind("?SEAL1|12345678", SEAL_TEXT_PLAIN);
	check_kind("?OTRv23? Bob wants to talk", SEAL_TEXT_PLAIN);
	check_kind("?OTR:AAMDAAAAAAEAAAABAAAA.", SEAL_TEXT_PLAIN);

	check_kind("?SEAL1:QUFB.", SEAL_TEXT_MESSAGE);
	check_kind("see ?SEAL1:QUFB. there", SEAL_TEXT_MESSAGE);
	check_kind("?SEAL1:\nQUFB.", SEAL_TEXT_MESSAGE);
	check_kind("?SEAL1 and then ?SEAL1:QUFB.", SEAL_TEXT_MESSAGE);
	check_kind("?SEAL1|0badcafe|1|2|QUFB.", SEAL_TEXT_FRAGMENT);
	check_kind("<p>?SEAL1|0BADCAFE|3|5|QUFB.</p>", SEAL_TEXT_FRAGMENT);
	check_kind("?SEAL1? Alice would like a private conversation.", SEAL_TEXT_QUERY);
	check_kind("Alice: ?SEAL1?", SEAL_TEXT_QUERY);

	test_fill(msg, sizeof msg);
	CHECK_RC(seal_wire_encode(msg, sizeof msg, &armored), SEAL_OK);
	CHECK(seal_wire_classify((char *)armored.data, armored.len) == SEAL_TEXT_MESSAGE);
	/* Cut right after the prefix: no body yet, so not a message. */
	CHECK(seal_wire_classify((char *)armored.data, 7) == SEAL_TEXT_PLAIN);
	seal_buf_free(&armored);
	CHECK_RC(seal_wire_fragment(msg, sizeof msg, 200, &pieces, &count), SEAL_OK);
	for (i = 0; i < count; i++)
		CHECK(seal_wire_classify(pieces[i], strlen(pieces[i])) == SEAL_TEXT_FRAGMENT);
	seal_wire_pieces_free(pieces, count);
	CHECK(seal_wire_classify(NULL, 10) == SEAL_TEXT_PLAIN);
	/* The classifier never reads past len: "?SEAL1:" cut before its ':'. */
	CHECK(seal_wire_classify("?SEAL1:QUFB.", 6) == SEAL_TEXT_PLAIN);
	CHECK(seal_wire_classify("?SEAL1?", 6) == SEAL_TEXT_PLAIN);
}

int main(void)
{
	test_init();
	test_tag_shape();
	test_has_and_strip();
	test_no_tag();
	test_classify();
	return test_finish("wire_tag");
}
