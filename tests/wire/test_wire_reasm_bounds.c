/* Reassembler bounds: pending messages per contact (oldest dropped), total
 * memory over all contacts, expiry, forget. */
#include <stdint.h>
#include "tests/wire/wire_test.h"

typedef struct {
	uint8_t msg[400];
	char **pieces;
	size_t count;
} fragmented;

static void make_fragmented(fragmented *f)
{
	test_fill(f->msg, sizeof f->msg);
	f->pieces = NULL;
	f->count = 0;
	CHECK_RC(seal_wire_fragment(f->msg, sizeof f->msg, 150, &f->pieces, &f->count), SEAL_OK);
	CHECK(f->count >= 3);
}

static int add(seal_reassembler *r, const char *contact, const char *text, int64_t now,
	       seal_buf *out)
{
	return seal_reassembler_add(r, contact, text, strlen(text), now, out);
}

/* Add pieces first..count-1 of f; the last add's result is returned. */
static int add_rest(seal_reassembler *r, const char *contact, const fragmented *f, size_t first,
		    int64_t now, seal_buf *out)
{
	int rc = SEAL_ERR_ARGUMENT;
	size_t i;

	for (i = first; i < f->count; i++) {
		rc = add(r, contact, f->pieces[i], now, out);
		if (i + 1 < f->count)
			CHECK_RC(rc, SEAL_MORE);
	}
	return rc;
}

static int is_message(const seal_buf *b, const fragmented *f)
{
	return b->data != NULL && b->len == sizeof f->msg && memcmp(b->data, f->msg, sizeof f->msg) == 0;
}

static void test_pending_per_contact(void)
{
	fragmented f[SEAL_REASM_MAX_PENDING + 1];
	fragmented other;
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	size_t i;

	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	make_fragmented(&other);
	CHECK_RC(add(r, "dave", other.pieces[0], 0, &out), SEAL_MORE);
	for (i = 0; i <= SEAL_REASM_MAX_PENDING; i++) {
		make_fragmented(&f[i]);
		CHECK_RC(add(r, "carol", f[i].pieces[0], (int64_t)i, &out), SEAL_MORE);
	}
	/* The newest eight complete; the oldest was dropped to make room. */
	for (i = 1; i <= SEAL_REASM_MAX_PENDING; i++) {
		CHECK_RC(add_rest(r, "carol", &f[i], 1, 10, &out), SEAL_OK);
		CHECK(is_message(&out, &f[i]));
		seal_buf_free(&out);
	}
	CHECK_RC(add_rest(r, "carol", &f[0], 1, 10, &out), SEAL_MORE);
	CHECK(out.data == NULL);
	/* Another contact's pending message was not touched. */
	CHECK_RC(add_rest(r, "dave", &other, 1, 10, &out), SEAL_OK);
	CHECK(is_message(&out, &other));
	seal_buf_free(&out);
	for (i = 0; i <= SEAL_REASM_MAX_PENDING; i++)
		seal_wire_pieces_free(f[i].pieces, f[i].count);
	seal_wire_pieces_free(other.pieces, other.count);
	seal_reassembler_free(r);
}

#define BIG_PIECE 100000 /* 4 MiB holds 41.9 of them: the 42nd must be refused */

/* "?SEAL1|<id>|1|2|" + BIG_PIECE x 'A' + "." */
static char *big_piece(uint32_t id)
{
	char *text = malloc(32 + BIG_PIECE);
	int header;

	if (text == NULL)
		return NULL;
	header = snprintf(text, 32, "%s%08x|1|2|", SEAL_WIRE_FRAGMENT_PREFIX, (unsigned)id);
	memset(text + header, 'A', BIG_PIECE);
	memcpy(text + header + BIG_PIECE, ".", 2);
	return text;
}

/* Add big pieces from many contacts (4 each) at time 1000 until the total
 * bound refuses one; returns how many were accepted. */
static size_t fill_with_big_pieces(seal_reassembler *r)
{
	seal_buf out = SEAL_BUF_INIT;
	size_t accepted = 0;
	uint32_t id;
	int rc = SEAL_MORE;

	for (id = 0; id < 400 && rc == SEAL_MORE; id++) {
		char contact[32];
		char *text = big_piece(id);
		CHECK(text != NULL);
		if (text == NULL)
			break;
		snprintf(contact, sizeof contact, "contact%u", (unsigned)(id / 4));
		rc = add(r, contact, text, 1000, &out);
		if (rc == SEAL_MORE)
			accepted++;
		free(text);
	}
	CHECK_RC(rc, SEAL_ERR_LIMIT);
	CHECK(accepted * BIG_PIECE <= SEAL_REASM_MAX_TOTAL);
	/* The bound is not far below the limit either (per-message overhead is small). */
	CHECK(accepted >= SEAL_REASM_MAX_TOTAL / (BIG_PIECE + 4096));
	return accepted;
}

/* When full, a new message is refused and nothing held is dropped for it,
 * not even the oldest of a contact at its pending bound. */
static void test_total_memory_refuses_new(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	size_t accepted;
	char *text = big_piece(0xffffff00u);
	uint32_t id;

	CHECK(text != NULL);
	if (text == NULL)
		return;
	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	for (id = 0; id < SEAL_REASM_MAX_PENDING; id++) {
		char small[64];
		snprintf(small, sizeof small, "%s%08x|1|2|QUFB.", SEAL_WIRE_FRAGMENT_PREFIX,
			 (unsigned)(0x1000 + id));
		CHECK_RC(add(r, "full", small, 1000, &out), SEAL_MORE);
	}
	accepted = fill_with_big_pieces(r);
	CHECK_RC(add(r, "full", text, 1000 + SEAL_REASM_EXPIRY_SECONDS, &out), SEAL_ERR_LIMIT);
	CHECK_RC(add(r, "newcomer", text, 1000 + SEAL_REASM_EXPIRY_SECONDS, &out), SEAL_ERR_LIMIT);
	CHECK(seal_reassembler_expire(r, 1001 + SEAL_REASM_EXPIRY_SECONDS) ==
	      (int)(accepted + SEAL_REASM_MAX_PENDING));
	free(text);
	seal_reassembler_free(r);
}

/* When full, an add after the held pieces expired makes room by itself. */
static void test_total_memory_expires_first(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	char *text = big_piece(0xffffff00u);

	CHECK(text != NULL);
	if (text == NULL)
		return;
	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	fill_with_big_pieces(r);
	CHECK_RC(add(r, "newcomer", text, 1000 + SEAL_REASM_EXPIRY_SECONDS, &out), SEAL_ERR_LIMIT);
	CHECK_RC(add(r, "newcomer", text, 1001 + SEAL_REASM_EXPIRY_SECONDS, &out), SEAL_MORE);
	CHECK(seal_reassembler_expire(r, 1001 + SEAL_REASM_EXPIRY_SECONDS) == 0);
	CHECK(seal_reassembler_expire(r, 1002 + 2 * SEAL_REASM_EXPIRY_SECONDS) == 1);
	free(text);
	seal_reassembler_free(r);
}

static void test_expiry(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	fragmented f;

	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	make_fragmented(&f);

	/* seal_reassembler_expire: kept up to the limit, dropped after it. */
	CHECK_RC(add(r, "bob", f.pieces[0], 1000, &out), SEAL_MORE);
	CHECK(seal_reassembler_expire(r, 1000 + SEAL_REASM_EXPIRY_SECONDS) == 0);
	CHECK(seal_reassembler_expire(r, 1001 + SEAL_REASM_EXPIRY_SECONDS) == 1);
	CHECK(seal_reassembler_expire(r, 1001 + SEAL_REASM_EXPIRY_SECONDS) == 0);
	CHECK_RC(add_rest(r, "bob", &f, 1, 1200, &out), SEAL_MORE);
	/* ... and the entry those pieces made completes with the first piece. */
	CHECK_RC(add(r, "bob", f.pieces[0], 1200, &out), SEAL_OK);
	CHECK(is_message(&out, &f));
	seal_buf_free(&out);

	/* Expiry is also checked on every add. */
	CHECK_RC(add(r, "bob", f.pieces[0], 2000, &out), SEAL_MORE);
	CHECK_RC(add_rest(r, "bob", &f, 1, 2001 + SEAL_REASM_EXPIRY_SECONDS, &out), SEAL_MORE);
	CHECK(out.data == NULL);
	seal_reassembler_forget(r, "bob");

	/* A clock that goes back does not expire anything. */
	CHECK_RC(add(r, "bob", f.pieces[0], 5000, &out), SEAL_MORE);
	CHECK_RC(add_rest(r, "bob", &f, 1, 10, &out), SEAL_OK);
	CHECK(is_message(&out, &f));
	seal_buf_free(&out);

	/* Extreme clocks are handled without overflow. */
	CHECK_RC(add(r, "bob", f.pieces[0], INT64_MIN, &out), SEAL_MORE);
	CHECK(seal_reassembler_expire(r, INT64_MAX) == 1);
	CHECK_RC(add(r, "bob", f.pieces[0], INT64_MAX, &out), SEAL_MORE);
	CHECK(seal_reassembler_expire(r, INT64_MIN) == 0);
	seal_wire_pieces_free(f.pieces, f.count);
	seal_reassembler_free(r);
}

static void test_forget(void)
{
	seal_reassembler *r = NULL;
	seal_buf out = SEAL_BUF_INIT;
	fragmented f;

	CHECK_RC(seal_reassembler_new(&r), SEAL_OK);
	make_fragmented(&f);
	CHECK_RC(add(r, "bob", f.pieces[0], 0, &out), SEAL_MORE);
	CHECK_RC(add(r, "alice", f.pieces[0], 0, &out), SEAL_MORE);
	seal_reassembler_forget(r, "bob");
	seal_reassembler_forget(r, "nobody");
	seal_reassembler_forget(r, NULL);
	seal_reassembler_forget(NULL, "bob");
	CHECK_RC(add_rest(r, "bob", &f, 1, 0, &out), SEAL_MORE);
	CHECK(out.data == NULL);
	CHECK_RC(add_rest(r, "alice", &f, 1, 0, &out), SEAL_OK);
	CHECK(is_message(&out, &f));
	seal_buf_free(&out);
	CHECK(seal_reassembler_expire(NULL, 0) == 0);
	seal_wire_pieces_free(f.pieces, f.count);
	seal_reassembler_free(r);
}

int main(void)
{
	test_init();
	test_pending_per_contact();
	test_total_memory_refuses_new();
	test_total_memory_expires_first();
	test_expiry();
	test_forget();
	return test_finish("wire_reasm_bounds");
}
