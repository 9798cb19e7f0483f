/* Seal crypto library: reassembly of "?SEAL1|id|k|n|piece." fragments, per
 * contact and identifier, in any order, with bounded memory. */
#include <stdlib.h>
#include <string.h>
#include "crypto/error.h"
#include "crypto/wire.h"
#include "crypto/wire_private.h"

/* One incomplete message: the pieces held so far. */
typedef struct {
	char *contact;
	uint32_t id;
	size_t n;                  /* pieces announced */
	size_t held;               /* pieces held */
	size_t chars;              /* body characters held */
	int64_t created;           /* time of its first piece */
	uint64_t order;            /* creation order, to find the oldest */
	char *piece[SEAL_REASM_MAX_PIECES];
	size_t piece_len[SEAL_REASM_MAX_PIECES];
} reasm_entry;

struct seal_reassembler {
	reasm_entry **entries;
	size_t count;
	size_t capacity;
	size_t total;        /* bytes charged for all entries */
	uint64_t next_order;
};

/* A parsed fragment; piece points into the caller's text. */
typedef struct {
	uint32_t id;
	size_t k;
	size_t n;
	const char *piece;   /* start of the piece, whitespace included */
	size_t piece_span;   /* bytes of the piece including its '.' */
	size_t piece_chars;  /* base64 characters in the piece */
} fragment;

/* Bytes charged against SEAL_REASM_MAX_TOTAL for an entry. */
static size_t entry_cost(const reasm_entry *e)
{
	return sizeof *e + strlen(e->contact) + 1 + e->chars;
}

int seal_reassembler_new(seal_reassembler **out)
{
	seal_reassembler *r;

	if (out == NULL)
		return SEAL_ERR_ARGUMENT;
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return SEAL_ERR_NOMEM;
	*out = r;
	return SEAL_OK;
}

static void entry_free(reasm_entry *e)
{
	size_t i;

	for (i = 0; i < SEAL_REASM_MAX_PIECES; i++)
		free(e->piece[i]);
	free(e->contact);
	free(e);
}

/* Remove entry i (order of the others is kept). */
static void drop_entry(seal_reassembler *r, size_t i)
{
	reasm_entry *e = r->entries[i];

	r->total -= entry_cost(e);
	entry_free(e);
	memmove(r->entries + i, r->entries + i + 1, (r->count - i - 1) * sizeof *r->entries);
	r->count--;
}

void seal_reassembler_free(seal_reassembler *r)
{
	if (r == NULL)
		return;
	while (r->count > 0)
		drop_entry(r, r->count - 1);
	free(r->entries);
	free(r);
}

static int is_expired(const reasm_entry *e, int64_t now)
{
	return now > e->created &&
	       (uint64_t)now - (uint64_t)e->created > SEAL_REASM_EXPIRY_SECONDS;
}

int seal_reassembler_expire(seal_reassembler *r, int64_t now)
{
	size_t i = 0;
	int dropped = 0;

	if (r == NULL)
		return 0;
	while (i < r->count) {
		if (is_expired(r->entries[i], now)) {
			drop_entry(r, i);
			dropped++;
		} else {
			i++;
		}
	}
	return dropped;
}

void seal_reassembler_forget(seal_reassembler *r, const char *contact)
{
	size_t i = 0;

	if (r == NULL || contact == NULL)
		return;
	while (i < r->count) {
		if (strcmp(r->entries[i]->contact, contact) == 0)
			drop_entry(r, i);
		else
			i++;
	}
}

/* ---- parsing ------------------------------------------------------------ */

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse "<8 hex>|" at *p; advances *p. */
static int parse_id(const char **p, const char *end, uint32_t *id)
{
	uint32_t v = 0;
	int i;

	if (end - *p < 9)
		return SEAL_ERR_TRUNCATED;
	for (i = 0; i < 8; i++) {
		int h = hex_value((unsigned char)(*p)[i]);
		if (h < 0)
			return SEAL_ERR_MALFORMED;
		v = v << 4 | (uint32_t)h;
	}
	if ((*p)[8] != '|')
		return SEAL_ERR_MALFORMED;
	*p += 9;
	*id = v;
	return SEAL_OK;
}

/* Parse a decimal number of 1..4 digits without leading zero, then '|'. */
static int parse_count(const char **p, const char *end, size_t *value)
{
	const char *q = *p;
	size_t v = 0;

	while (q < end && *q >= '0' && *q <= '9') {
		if (q - *p == 4 || (q == *p + 1 && **p == '0'))
			return SEAL_ERR_MALFORMED;
		v = v * 10 + (size_t)(*q - '0');
		q++;
	}
	if (q == end)
		return SEAL_ERR_TRUNCATED;
	if (q == *p || *q != '|')
		return SEAL_ERR_MALFORMED;
	*p = q + 1;
	*value = v;
	return SEAL_OK;
}

/* Parse the fragment whose "?SEAL1|" prefix ends at p. */
static int parse_fragment(const char *p, const char *end, fragment *f)
{
	int rc;

	rc = parse_id(&p, end, &f->id);
	if (rc == SEAL_OK)
		rc = parse_count(&p, end, &f->k);
	if (rc == SEAL_OK)
		rc = parse_count(&p, end, &f->n);
	if (rc != SEAL_OK)
		return rc;
	if (f->n > SEAL_REASM_MAX_PIECES)
		return SEAL_ERR_TOO_LARGE;
	if (f->k == 0 || f->k > f->n)
		return SEAL_ERR_MALFORMED;
	rc = seal_wire_scan_body(p, (size_t)(end - p), &f->piece_chars, &f->piece_span);
	if (rc != SEAL_OK)
		return rc;
	if (f->piece_chars == 0)
		return SEAL_ERR_MALFORMED;
	if (f->piece_chars > seal_wire_max_body_chars())
		return SEAL_ERR_TOO_LARGE;
	f->piece = p;
	return SEAL_OK;
}

/* ---- storing ------------------------------------------------------------ */

static size_t find_entry(const seal_reassembler *r, const char *contact, uint32_t id)
{
	size_t i;

	for (i = 0; i < r->count; i++)
		if (r->entries[i]->id == id && strcmp(r->entries[i]->contact, contact) == 0)
			return i;
	return r->count;
}

/* Index of the oldest entry of contact, or r->count if it has none;
 * *pending receives how many entries it has. */
static size_t oldest_of_contact(const seal_reassembler *r, const char *contact, size_t *pending)
{
	size_t i;
	size_t oldest = r->count;

	*pending = 0;
	for (i = 0; i < r->count; i++) {
		if (strcmp(r->entries[i]->contact, contact) != 0)
			continue;
		(*pending)++;
		if (oldest == r->count || r->entries[i]->order < r->entries[oldest]->order)
			oldest = i;
	}
	return oldest;
}

/* Make room for one more entry: grow the array, and drop the contact's
 * oldest entry if it has SEAL_REASM_MAX_PENDING already.  Fails with
 * SEAL_ERR_LIMIT, dropping nothing, if an entry costing cost would still
 * exceed SEAL_REASM_MAX_TOTAL. */
static int make_room(seal_reassembler *r, const char *contact, size_t cost)
{
	size_t pending;
	size_t oldest = oldest_of_contact(r, contact, &pending);
	size_t freed = pending >= SEAL_REASM_MAX_PENDING ? entry_cost(r->entries[oldest]) : 0;

	if (r->total - freed + cost > SEAL_REASM_MAX_TOTAL)
		return SEAL_ERR_LIMIT;
	if (r->count == r->capacity) {
		size_t cap = r->capacity ? r->capacity * 2 : 8;
		reasm_entry **grown = realloc(r->entries, cap * sizeof *grown);
		if (grown == NULL)
			return SEAL_ERR_NOMEM;
		r->entries = grown;
		r->capacity = cap;
	}
	if (freed != 0)
		drop_entry(r, oldest);
	return SEAL_OK;
}

/* Create an empty entry for (contact, f->id), with room for its first
 * piece within SEAL_REASM_MAX_TOTAL, and append it. */
static int add_entry(seal_reassembler *r, const char *contact, const fragment *f,
		     int64_t now, size_t *index)
{
	size_t contact_size = strlen(contact) + 1;
	reasm_entry *e;
	int rc;

	rc = make_room(r, contact, sizeof *e + contact_size + f->piece_chars);
	if (rc != SEAL_OK)
		return rc;
	e = calloc(1, sizeof *e);
	if (e == NULL)
		return SEAL_ERR_NOMEM;
	e->contact = malloc(contact_size);
	if (e->contact == NULL) {
		free(e);
		return SEAL_ERR_NOMEM;
	}
	memcpy(e->contact, contact, contact_size);
	e->id = f->id;
	e->n = f->n;
	e->created = now;
	e->order = r->next_order++;
	r->total += entry_cost(e);
	r->entries[r->count] = e;
	*index = r->count++;
	return SEAL_OK;
}

/* Store piece f->k of entry i, or recognise a duplicate (SEAL_MORE). */
static int store_piece(seal_reassembler *r, size_t i, const fragment *f)
{
	reasm_entry *e = r->entries[i];
	char *compact;

	if (f->n != e->n)
		return SEAL_ERR_MALFORMED;
	compact = malloc(f->piece_chars);
	if (compact == NULL)
		return SEAL_ERR_NOMEM;
	seal_wire_compact_body(f->piece, f->piece_span, compact);
	if (e->piece[f->k - 1] != NULL) {
		int same = e->piece_len[f->k - 1] == f->piece_chars &&
			   memcmp(e->piece[f->k - 1], compact, f->piece_chars) == 0;
		free(compact);
		return same ? SEAL_MORE : SEAL_ERR_MALFORMED;
	}
	if (e->chars + f->piece_chars > seal_wire_max_body_chars()) {
		free(compact);
		return SEAL_ERR_TOO_LARGE;
	}
	if (r->total + f->piece_chars > SEAL_REASM_MAX_TOTAL) {
		free(compact);
		return SEAL_ERR_LIMIT;
	}
	e->piece[f->k - 1] = compact;
	e->piece_len[f->k - 1] = f->piece_chars;
	e->chars += f->piece_chars;
	e->held++;
	r->total += f->piece_chars;
	return SEAL_OK;
}

/* Join the pieces of the complete entry i, decode them into out, drop it. */
static int finish_entry(seal_reassembler *r, size_t i, seal_buf *out)
{
	reasm_entry *e = r->entries[i];
	char *body = malloc(e->chars);
	size_t at = 0;
	size_t k;
	int rc;

	if (body == NULL) {
		drop_entry(r, i);
		return SEAL_ERR_NOMEM;
	}
	for (k = 0; k < e->n; k++) {
		memcpy(body + at, e->piece[k], e->piece_len[k]);
		at += e->piece_len[k];
	}
	rc = seal_wire_decode_compact(body, at, out);
	free(body);
	drop_entry(r, i);
	return rc;
}

/* A fragment "1 of 1" is complete on its own: decode it without storing. */
static int decode_single(const fragment *f, seal_buf *out)
{
	char *compact = malloc(f->piece_chars);
	int rc;

	if (compact == NULL)
		return SEAL_ERR_NOMEM;
	seal_wire_compact_body(f->piece, f->piece_span, compact);
	rc = seal_wire_decode_compact(compact, f->piece_chars, out);
	free(compact);
	return rc;
}

/* Add a parsed fragment for contact. */
static int add_fragment(seal_reassembler *r, const char *contact, const fragment *f,
			int64_t now, seal_buf *out)
{
	size_t i = find_entry(r, contact, f->id);
	int rc;

	if (i == r->count && f->n == 1)
		return decode_single(f, out);
	if (i == r->count) {
		rc = add_entry(r, contact, f, now, &i);
		if (rc != SEAL_OK)
			return rc;
	}
	rc = store_piece(r, i, f);
	if (rc == SEAL_ERR_MALFORMED || rc == SEAL_ERR_TOO_LARGE)
		drop_entry(r, i); /* inconsistent pieces: give up on this message */
	else if (rc < 0 && r->entries[i]->held == 0)
		drop_entry(r, i); /* never keep an entry without a piece */
	if (rc != SEAL_OK)
		return rc;
	if (r->entries[i]->held < r->entries[i]->n)
		return SEAL_MORE;
	return finish_entry(r, i, out);
}

int seal_reassembler_add(seal_reassembler *r, const char *contact, const char *text,
			 size_t len, int64_t now, seal_buf *out)
{
	size_t frag_at;
	size_t whole_at;
	fragment f;
	int rc;

	if (r == NULL || contact == NULL || out == NULL || (text == NULL && len != 0))
		return SEAL_ERR_ARGUMENT;
	seal_reassembler_expire(r, now);
	frag_at = seal_wire_find(text, len, SEAL_WIRE_FRAGMENT_PREFIX, SEAL_WIRE_PREFIX_LEN);
	whole_at = seal_wire_find(text, len, SEAL_WIRE_PREFIX, SEAL_WIRE_PREFIX_LEN);
	if (whole_at < frag_at)
		return seal_wire_decode(text + whole_at, len - whole_at, out);
	if (frag_at == len)
		return SEAL_ERR_MALFORMED;
	rc = parse_fragment(text + frag_at + SEAL_WIRE_PREFIX_LEN, text + len, &f);
	if (rc != SEAL_OK)
		return rc;
	return add_fragment(r, contact, &f, now, out);
}
