/* Seal crypto library: the wire codec (armor, classification, whitespace
 * tag, fragmenter).  The reassembler is in crypto/wire_reasm.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto/base64.h"
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/wire.h"
#include "crypto/wire_private.h"

/* ---- shared scanning helpers ------------------------------------------ */

size_t seal_wire_find(const char *text, size_t len, const char *needle, size_t nlen)
{
	size_t at = 0;

	if (text == NULL || nlen == 0 || len < nlen)
		return len;
	while (at + nlen <= len) {
		const char *hit = memchr(text + at, needle[0], len - nlen + 1 - at);
		if (hit == NULL)
			return len;
		at = (size_t)(hit - text);
		if (memcmp(hit, needle, nlen) == 0)
			return at;
		at++;
	}
	return len;
}

/* Whitespace the decoder skips inside a body: space, tab, CR, LF, and the
 * UTF-8 sequences of NO-BREAK SPACE (C2 A0) and ZERO WIDTH SPACE (E2 80 8B).
 * Returns its width in bytes, 0 if p does not start with whitespace, or
 * SEAL_ERR_TRUNCATED if the text ends inside one of the UTF-8 sequences. */
static int whitespace_width(const unsigned char *p, size_t left)
{
	static const unsigned char nbsp[] = { 0xC2, 0xA0 };
	static const unsigned char zwsp[] = { 0xE2, 0x80, 0x8B };

	if (p[0] == ' ' || p[0] == '\t' || p[0] == '\r' || p[0] == '\n')
		return 1;
	if (p[0] == nbsp[0]) {
		if (left < sizeof nbsp)
			return SEAL_ERR_TRUNCATED;
		return p[1] == nbsp[1] ? 2 : 0;
	}
	if (p[0] == zwsp[0]) {
		if (left < sizeof zwsp)
			return (left < 2 || p[1] == zwsp[1]) ? SEAL_ERR_TRUNCATED : 0;
		return memcmp(p, zwsp, sizeof zwsp) == 0 ? 3 : 0;
	}
	return 0;
}

/* 1 for the characters of a body (the base64 alphabet and '='), else 0.
 * One table look-up per character instead of comparisons. */
static const uint8_t body_chars[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Length of the run of body characters at the start of u (left bytes). */
static size_t body_run(const unsigned char *u, size_t left)
{
	size_t i = 0;

	while (i < left && body_chars[u[i]])
		i++;
	return i;
}

int seal_wire_scan_body(const char *p, size_t left, size_t *chars, size_t *consumed)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;
	size_t n = 0;

	while (i < left) {
		size_t run = body_run(u + i, left - i);
		int ws;

		n += run;
		i += run;
		if (i == left)
			break;
		if (u[i] == '.') {
			*chars = n;
			*consumed = i + 1;
			return SEAL_OK;
		}
		ws = whitespace_width(u + i, left - i);
		if (ws < 0)
			return ws;
		if (ws == 0)
			return SEAL_ERR_MALFORMED;
		i += (size_t)ws;
	}
	return SEAL_ERR_TRUNCATED;
}

void seal_wire_compact_body(const char *p, size_t consumed, char *dst)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t end = consumed - 1; /* the '.' */
	size_t i = 0;
	size_t n = 0;

	while (i < end) {
		size_t run = body_run(u + i, end - i);

		memcpy(dst + n, p + i, run);
		n += run;
		i += run;
		if (i < end)
			i++; /* a byte of whitespace */
	}
}

size_t seal_wire_max_body_chars(void)
{
	return seal_base64_encoded_len(SEAL_WIRE_MAX_MESSAGE);
}

int seal_wire_decode_compact(const char *body, size_t len, seal_buf *out)
{
	seal_buf msg = SEAL_BUF_INIT;
	size_t msg_len;
	int rc;

	if (len == 0)
		return SEAL_ERR_MALFORMED;
	if (len > seal_wire_max_body_chars())
		return SEAL_ERR_TOO_LARGE;
	if (seal_base64_decoded_len(body, len, &msg_len) != SEAL_OK)
		return SEAL_ERR_MALFORMED;
	if (msg_len > SEAL_WIRE_MAX_MESSAGE)
		return SEAL_ERR_TOO_LARGE;
	if (msg_len == 0)
		return SEAL_ERR_MALFORMED;
	rc = seal_buf_alloc(&msg, msg_len, 0);
	if (rc != SEAL_OK)
		return rc;
	rc = seal_base64_decode(body, len, msg.data);
	if (rc != SEAL_OK) {
		seal_buf_free(&msg);
		return rc;
	}
	*out = msg;
	return SEAL_OK;
}

/* ---- armor ------------------------------------------------------------- */

int seal_wire_encode(const uint8_t *msg, size_t len, seal_buf *out)
{
	seal_buf text = SEAL_BUF_INIT;
	size_t body_len;
	size_t text_len;
	int rc;

	if (out == NULL || msg == NULL || len == 0)
		return SEAL_ERR_ARGUMENT;
	if (len > SEAL_WIRE_MAX_MESSAGE)
		return SEAL_ERR_TOO_LARGE;
	body_len = seal_base64_encoded_len(len);
	text_len = SEAL_WIRE_PREFIX_LEN + body_len + 1;
	rc = seal_buf_alloc(&text, text_len + 1, 0);
	if (rc != SEAL_OK)
		return rc;
	memcpy(text.data, SEAL_WIRE_PREFIX, SEAL_WIRE_PREFIX_LEN);
	seal_base64_encode(msg, len, (char *)text.data + SEAL_WIRE_PREFIX_LEN);
	text.data[text_len - 1] = '.';
	text.data[text_len] = '\0';
	text.len = text_len;
	*out = text;
	return SEAL_OK;
}

/* Decode the body that starts at p (just after a "?SEAL1:" or a fragment
 * header), tolerating whitespace, up to its '.'. */
static int decode_body(const char *p, size_t left, seal_buf *out)
{
	const char *dot = memchr(p, '.', left);
	size_t chars;
	size_t consumed;
	char *compact;
	int rc;

	/* The common case, a body without whitespace, in one pass: the strict
	 * decoder accepts nothing but the alphabet and final padding, so a body
	 * it accepts up to the first '.' is what the scan below would find.
	 * Anything else takes the scan, which gives the precise error. */
	if (dot != NULL && seal_wire_decode_compact(p, (size_t)(dot - p), out) == SEAL_OK)
		return SEAL_OK;
	rc = seal_wire_scan_body(p, left, &chars, &consumed);
	if (rc != SEAL_OK)
		return rc;
	if (chars == 0)
		return SEAL_ERR_MALFORMED;
	if (chars > seal_wire_max_body_chars())
		return SEAL_ERR_TOO_LARGE;
	compact = malloc(chars);
	if (compact == NULL)
		return SEAL_ERR_NOMEM;
	seal_wire_compact_body(p, consumed, compact);
	rc = seal_wire_decode_compact(compact, chars, out);
	free(compact);
	return rc;
}

int seal_wire_decode(const char *text, size_t len, seal_buf *out)
{
	size_t at;

	if (out == NULL || (text == NULL && len != 0))
		return SEAL_ERR_ARGUMENT;
	at = seal_wire_find(text, len, SEAL_WIRE_PREFIX, SEAL_WIRE_PREFIX_LEN);
	if (at == len)
		return SEAL_ERR_MALFORMED;
	at += SEAL_WIRE_PREFIX_LEN;
	return decode_body(text + at, len - at, out);
}

/* ---- classification ---------------------------------------------------- */

static int is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Does p (left bytes, just after "?SEAL1:") start a body?  One alphabet
 * character after optional whitespace is enough for a cheap check. */
static int looks_like_body(const char *p, size_t left)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	while (i < left) {
		int ws;
		if (seal_base64_value(u[i]) >= 0)
			return 1;
		ws = whitespace_width(u + i, left - i);
		if (ws <= 0)
			return 0;
		i += (size_t)ws;
	}
	return 0;
}

/* Does p (left bytes, just after "?SEAL1|") start with "<8 hex>|"? */
static int looks_like_fragment_header(const char *p, size_t left)
{
	size_t i;

	if (left < 9)
		return 0;
	for (i = 0; i < 8; i++)
		if (!is_hex((unsigned char)p[i]))
			return 0;
	return p[8] == '|';
}

seal_text_kind seal_wire_classify(const char *text, size_t len)
{
	static const char stem[] = "?SEAL1";
	const size_t stem_len = sizeof stem - 1;
	size_t at = 0;

	if (text == NULL)
		return SEAL_TEXT_PLAIN;
	while (at < len) {
		size_t hit = seal_wire_find(text + at, len - at, stem, stem_len);
		size_t next;
		if (hit == len - at || at + hit + stem_len >= len)
			return SEAL_TEXT_PLAIN;
		next = at + hit + stem_len; /* the character after "?SEAL1" */
		if (text[next] == ':' && looks_like_body(text + next + 1, len - next - 1))
			return SEAL_TEXT_MESSAGE;
		if (text[next] == '|' && looks_like_fragment_header(text + next + 1, len - next - 1))
			return SEAL_TEXT_FRAGMENT;
		if (text[next] == '?')
			return SEAL_TEXT_QUERY;
		at = next;
	}
	return SEAL_TEXT_PLAIN;
}

/* ---- whitespace tag ---------------------------------------------------- */

/* 24 characters, space = 0 and tab = 1: a marker "\t \t\t" (OTR's tag starts
 * with a space), then the low four bits of each of 'S' 'E' 'A' 'L' '1'
 * (3 5 1 C 1), most significant bit first.  It ends with a tab because IRC
 * servers trim trailing spaces. */
static const char seal_tag[] =
	"\t \t\t"  /* marker */
	"  \t\t"   /* 'S' = 0x53: 0011 */
	" \t \t"   /* 'E' = 0x45: 0101 */
	"   \t"    /* 'A' = 0x41: 0001 */
	"\t\t  "   /* 'L' = 0x4C: 1100 */
	"   \t";   /* '1' = 0x31: 0001 */

const char *seal_wire_tag(void)
{
	return seal_tag;
}

int seal_wire_has_tag(const char *text, size_t len)
{
	const size_t tag_len = sizeof seal_tag - 1;

	if (text == NULL)
		return 0;
	return seal_wire_find(text, len, seal_tag, tag_len) != len;
}

int seal_wire_strip_tag(const char *text, size_t len, seal_buf *out)
{
	const size_t tag_len = sizeof seal_tag - 1;
	seal_buf copy = SEAL_BUF_INIT;
	size_t at;
	size_t kept;
	int rc;

	if (out == NULL || (text == NULL && len != 0))
		return SEAL_ERR_ARGUMENT;
	at = seal_wire_find(text, len, seal_tag, tag_len);
	kept = at == len ? len : len - tag_len;
	rc = seal_buf_alloc(&copy, kept + 1, 0);
	if (rc != SEAL_OK)
		return rc;
	if (at == len) {
		if (len != 0)
			memcpy(copy.data, text, len);
	} else {
		memcpy(copy.data, text, at);
		memcpy(copy.data + at, text + at + tag_len, len - at - tag_len);
	}
	copy.data[kept] = '\0';
	copy.len = kept;
	*out = copy;
	return SEAL_OK;
}

/* ---- fragmenter -------------------------------------------------------- */

/* "?SEAL1|" + 8 hex + "|" + "|" + "|" + "." around k, n and the piece. */
#define FRAGMENT_FIXED_CHARS (SEAL_WIRE_PREFIX_LEN + 8 + 3 + 1)

static size_t decimal_digits(size_t v)
{
	size_t d = 1;

	while (v >= 10) {
		v /= 10;
		d++;
	}
	return d;
}

/* Smallest piece count n (2..SEAL_REASM_MAX_PIECES) whose fragments, with the
 * header of the largest k = n, carry body_len characters in at most
 * max_chars each.  Returns n, or 0 if none does. */
static size_t fragment_count(size_t body_len, size_t max_chars)
{
	size_t n;

	for (n = 2; n <= SEAL_REASM_MAX_PIECES; n++) {
		size_t header = FRAGMENT_FIXED_CHARS + 2 * decimal_digits(n);
		if (max_chars <= header)
			continue;
		if ((max_chars - header) * n >= body_len)
			return n;
	}
	return 0;
}

static char *copy_string(const char *s, size_t len)
{
	char *c = malloc(len + 1);

	if (c == NULL)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	return c;
}

void seal_wire_pieces_free(char **pieces, size_t count)
{
	size_t i;

	if (pieces == NULL)
		return;
	for (i = 0; i < count; i++)
		free(pieces[i]);
	free(pieces);
}

/* Cut body (body_len base64 characters) into n fragments with identifier id. */
static int cut_fragments(const char *body, size_t body_len, size_t n, uint32_t id, char **pieces)
{
	size_t k;

	for (k = 1; k <= n; k++) {
		size_t start = (k - 1) * body_len / n;
		size_t end = k * body_len / n;
		size_t cap = FRAGMENT_FIXED_CHARS + 2 * decimal_digits(n) + (end - start) + 1;
		int header;
		char *frag = malloc(cap);
		if (frag == NULL)
			return SEAL_ERR_NOMEM;
		header = snprintf(frag, cap, "%s%08x|%zu|%zu|", SEAL_WIRE_FRAGMENT_PREFIX,
				  (unsigned)id, k, n);
		if (header < 0 || (size_t)header + (end - start) + 2 > cap) {
			free(frag);
			return SEAL_ERR_ARGUMENT;
		}
		memcpy(frag + header, body + start, end - start);
		frag[(size_t)header + (end - start)] = '.';
		frag[(size_t)header + (end - start) + 1] = '\0';
		pieces[k - 1] = frag;
	}
	return SEAL_OK;
}

static int random_fragment_id(uint32_t *id)
{
	uint8_t b[4];
	int rc = seal_random_nonce(b, sizeof b);

	if (rc != SEAL_OK)
		return rc;
	*id = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return SEAL_OK;
}

/* Split an armored text (text_len characters) into fragments of at most
 * max_chars characters. */
static int fragment_armored(const char *text, size_t text_len, size_t max_chars,
			    char ***pieces, size_t *count)
{
	const char *body = text + SEAL_WIRE_PREFIX_LEN;
	size_t body_len = text_len - SEAL_WIRE_PREFIX_LEN - 1;
	size_t n;
	uint32_t id;
	char **list;
	int rc;

	if (max_chars < FRAGMENT_FIXED_CHARS + 2 + 1)
		return SEAL_ERR_ARGUMENT; /* not even one character per piece */
	n = fragment_count(body_len, max_chars);
	if (n == 0)
		return SEAL_ERR_TOO_LARGE;
	rc = random_fragment_id(&id);
	if (rc != SEAL_OK)
		return rc;
	list = calloc(n, sizeof *list);
	if (list == NULL)
		return SEAL_ERR_NOMEM;
	rc = cut_fragments(body, body_len, n, id, list);
	if (rc != SEAL_OK) {
		seal_wire_pieces_free(list, n);
		return rc;
	}
	*pieces = list;
	*count = n;
	return SEAL_OK;
}

/* The whole armored text as the only piece. */
static int single_piece(const char *text, size_t text_len, char ***pieces, size_t *count)
{
	char **list = calloc(1, sizeof *list);

	if (list == NULL)
		return SEAL_ERR_NOMEM;
	list[0] = copy_string(text, text_len);
	if (list[0] == NULL) {
		free(list);
		return SEAL_ERR_NOMEM;
	}
	*pieces = list;
	*count = 1;
	return SEAL_OK;
}

int seal_wire_fragment(const uint8_t *msg, size_t len, size_t max_chars,
		       char ***pieces, size_t *count)
{
	seal_buf armored = SEAL_BUF_INIT;
	int rc;

	if (pieces == NULL || count == NULL)
		return SEAL_ERR_ARGUMENT;
	*pieces = NULL;
	*count = 0;
	rc = seal_wire_encode(msg, len, &armored);
	if (rc != SEAL_OK)
		return rc;
	if (max_chars == 0 || armored.len <= max_chars)
		rc = single_piece((const char *)armored.data, armored.len, pieces, count);
	else
		rc = fragment_armored((const char *)armored.data, armored.len, max_chars,
				      pieces, count);
	seal_buf_free(&armored);
	return rc;
}
