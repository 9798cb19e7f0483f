/* libFuzzer target for the wire codec: classify, decode, the whitespace tag,
 * the fragmenter (limit taken from the input, result checked by reassembly)
 * and a reassembler fed the input's lines as fragments from two contacts
 * with an advancing clock.  Any crash, leak, sanitizer report or broken
 * invariant (abort) is a finding. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "crypto/buf.h"
#include "crypto/error.h"
#include "crypto/primitives.h"
#include "crypto/wire.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (seal_crypto_init() != SEAL_OK)
		abort();
	return 0;
}

static void require(int condition)
{
	if (!condition)
		abort();
}

static void fuzz_text_functions(const char *text, size_t size)
{
	seal_buf out = SEAL_BUF_INIT;
	int rc;
	seal_text_kind kind = seal_wire_classify(text, size);

	require(kind >= SEAL_TEXT_PLAIN && kind <= SEAL_TEXT_QUERY);
	rc = seal_wire_decode(text, size, &out);
	require(rc <= 0);
	require((rc == SEAL_OK) == (out.data != NULL));
	if (rc == SEAL_OK)
		require(out.len >= 1 && out.len <= SEAL_WIRE_MAX_MESSAGE);
	seal_buf_free(&out);

	rc = seal_wire_strip_tag(text, size, &out);
	require(rc == SEAL_OK);
	if (seal_wire_has_tag(text, size))
		require(out.len == size - strlen(seal_wire_tag()));
	else
		require(out.len == size && memcmp(out.data, text, size) == 0);
	require(out.data[out.len] == '\0');
	seal_buf_free(&out);
}

/* Encode data as a message and check that it decodes back. */
static void fuzz_round_trip(const uint8_t *msg, size_t len)
{
	seal_buf text = SEAL_BUF_INIT;
	seal_buf back = SEAL_BUF_INIT;

	if (seal_wire_encode(msg, len, &text) != SEAL_OK)
		return;
	require(seal_wire_classify((const char *)text.data, text.len) == SEAL_TEXT_MESSAGE);
	require(seal_wire_decode((const char *)text.data, text.len, &back) == SEAL_OK);
	require(back.len == len && memcmp(back.data, msg, len) == 0);
	seal_buf_free(&back);
	seal_buf_free(&text);
}

/* Fragment msg at max_chars and reassemble the pieces in reverse order. */
static void fuzz_fragment(const uint8_t *msg, size_t len, size_t max_chars)
{
	seal_reassembler *r = NULL;
	seal_buf back = SEAL_BUF_INIT;
	char **pieces = NULL;
	size_t count = 0;
	size_t i;
	int rc = seal_wire_fragment(msg, len, max_chars, &pieces, &count);

	if (rc != SEAL_OK) {
		require(rc < 0 && pieces == NULL && count == 0);
		return;
	}
	require(count >= 1 && count <= SEAL_REASM_MAX_PIECES);
	require(seal_reassembler_new(&r) == SEAL_OK);
	for (i = count; i-- > 0;) {
		size_t plen = strlen(pieces[i]);
		require(max_chars == 0 || plen <= max_chars);
		rc = seal_reassembler_add(r, "peer", pieces[i], plen, 0, &back);
		require(rc == (i == 0 ? SEAL_OK : SEAL_MORE));
	}
	require(back.len == len && memcmp(back.data, msg, len) == 0);
	seal_buf_free(&back);
	seal_reassembler_free(r);
	seal_wire_pieces_free(pieces, count);
}

/* Each line of the input is a fragment from one of two contacts. */
static void fuzz_reassembler(const char *text, size_t size)
{
	static const char *const contacts[] = { "alice", "bob" };
	seal_reassembler *r = NULL;
	int64_t now = 0;
	size_t start = 0;
	size_t line = 0;

	require(seal_reassembler_new(&r) == SEAL_OK);
	while (start < size) {
		const char *nl = memchr(text + start, '\n', size - start);
		size_t end = nl != NULL ? (size_t)(nl - text) : size;
		seal_buf out = SEAL_BUF_INIT;
		int rc = seal_reassembler_add(r, contacts[line % 2], text + start, end - start,
					      now, &out);
		require(rc == SEAL_OK || rc == SEAL_MORE || rc < 0);
		require((rc == SEAL_OK) == (out.data != NULL));
		seal_buf_free(&out);
		now += (int64_t)((end - start) % 61);
		start = end + 1;
		line++;
	}
	if (size > 0 && text[0] == 'F')
		seal_reassembler_forget(r, contacts[1]);
	seal_reassembler_expire(r, now + SEAL_REASM_EXPIRY_SECONDS / 2);
	seal_reassembler_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;

	fuzz_text_functions(text, size);
	fuzz_reassembler(text, size);
	fuzz_round_trip(data, size);
	if (size >= 2) {
		size_t max_chars = ((size_t)data[0] << 8 | data[1]) % 6000;
		fuzz_fragment(data + 2, size - 2, max_chars);
	}
	return 0;
}
