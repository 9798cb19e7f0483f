/* The hash chain: canonical encoding of a record, and verification.
 *
 * canonical(record) is the concatenation of
 *     string "seal-record/1"
 *     int seq, int time_us, optional-int sender_time_us,
 *     string account, string protocol, int kind, string peer, string peer_alias,
 *     int direction, int encrypted, int trust, string text, string markup
 * where int = 8 bytes big-endian two's complement; optional-int = one byte
 * (0 absent / 1 present) then int (0 when absent); string = one byte
 * (0 NULL / 1 present), 8-byte big-endian length, then the UTF-8 bytes.  No
 * two different records share an encoding.  hash = SHA-256(prev_hash ||
 * canonical(record)).  The chain is as strong as its head: an attacker who
 * rewrites every record from some point to the end and recomputes all the
 * hashes is not detected by the chain alone (keep the head printed by
 * `seal-log verify` elsewhere to close that gap). */
#include <string.h>
#include <gcrypt.h>
#include <glib/gi18n-lib.h>
#include "internal.h"

#define CANONICAL_TAG "seal-record/1"

static uint8_t *put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
	return p + 8;
}

static uint8_t *put_string(uint8_t *p, const char *s, size_t len)
{
	*p++ = s != NULL;
	p = put_u64(p, len);
	if (len)
		memcpy(p, s, len);
	return p + len;
}

enum { CANONICAL_STRINGS = 7 };

/* Writes prev || canonical(rec) into scratch (resized as needed, so that
 * verifying a million records allocates once). */
static void encode_canonical(GByteArray *scratch, const seal_record *rec, const uint8_t prev[SEAL_RECORDS_HASH_LEN])
{
	const char *strings[CANONICAL_STRINGS] = { CANONICAL_TAG, rec->account, rec->protocol, rec->peer,
						   rec->peer_alias,   rec->text,    rec->markup };
	size_t lens[CANONICAL_STRINGS], total = SEAL_RECORDS_HASH_LEN + 1 + 7 * 8; /* 7 integers, 1 flag */
	uint8_t *p;

	for (int i = 0; i < CANONICAL_STRINGS; i++) {
		lens[i] = strings[i] ? strlen(strings[i]) : 0;
		total += 1 + 8 + lens[i];
	}
	g_byte_array_set_size(scratch, (guint)total);
	p = scratch->data;
	memcpy(p, prev, SEAL_RECORDS_HASH_LEN);
	p += SEAL_RECORDS_HASH_LEN;
	p = put_string(p, strings[0], lens[0]);
	p = put_u64(p, (uint64_t)rec->seq);
	p = put_u64(p, (uint64_t)rec->time_us);
	*p++ = rec->sender_time_us != 0;
	p = put_u64(p, (uint64_t)rec->sender_time_us);
	p = put_string(p, strings[1], lens[1]);
	p = put_string(p, strings[2], lens[2]);
	p = put_u64(p, (uint64_t)rec->kind);
	p = put_string(p, strings[3], lens[3]);
	p = put_string(p, strings[4], lens[4]);
	p = put_u64(p, (uint64_t)rec->direction);
	p = put_u64(p, (uint64_t)rec->encrypted);
	p = put_u64(p, (uint64_t)rec->trust);
	p = put_string(p, strings[5], lens[5]);
	p = put_string(p, strings[6], lens[6]);
	g_assert((size_t)(p - scratch->data) == total);
}

static void compute_hash_with(GByteArray *scratch, const seal_record *rec, const uint8_t prev[SEAL_RECORDS_HASH_LEN],
			      uint8_t out[SEAL_RECORDS_HASH_LEN])
{
	encode_canonical(scratch, rec, prev);
	gcry_md_hash_buffer(GCRY_MD_SHA256, out, scratch->data, scratch->len);
}

void seal_record_compute_hash(const seal_record *rec, const uint8_t prev[SEAL_RECORDS_HASH_LEN],
			      uint8_t out[SEAL_RECORDS_HASH_LEN])
{
	GByteArray *scratch = g_byte_array_sized_new(512);
	compute_hash_with(scratch, rec, prev, out);
	g_byte_array_unref(scratch);
}

static void copy_hash(sqlite3_stmt *st, int column, uint8_t out[SEAL_RECORDS_HASH_LEN])
{
	/* A hash of the wrong length (tampering) reads as all ones, which no
	 * SHA-256 output is expected to equal. */
	if (sqlite3_column_bytes(st, column) == SEAL_RECORDS_HASH_LEN)
		memcpy(out, sqlite3_column_blob(st, column), SEAL_RECORDS_HASH_LEN);
	else
		memset(out, 0xff, SEAL_RECORDS_HASH_LEN);
}

void seal_record_from_row(sqlite3_stmt *st, seal_record *rec)
{
	rec->id = sqlite3_column_int64(st, 0);
	rec->seq = sqlite3_column_int64(st, 1);
	rec->time_us = sqlite3_column_int64(st, 2);
	rec->sender_time_us = sqlite3_column_int64(st, 3);
	rec->account = (const char *)sqlite3_column_text(st, 4);
	rec->protocol = (const char *)sqlite3_column_text(st, 5);
	rec->kind = (seal_record_kind)sqlite3_column_int(st, 6);
	rec->peer = (const char *)sqlite3_column_text(st, 7);
	rec->peer_alias = (const char *)sqlite3_column_text(st, 8);
	rec->direction = (seal_record_direction)sqlite3_column_int(st, 9);
	rec->encrypted = sqlite3_column_int(st, 10);
	rec->trust = (seal_record_trust)sqlite3_column_int(st, 11);
	rec->text = (const char *)sqlite3_column_text(st, 12);
	rec->markup = (const char *)sqlite3_column_text(st, 13);
	copy_hash(st, 14, rec->prev_hash);
	copy_hash(st, 15, rec->hash);
}

/* Position of the walk: the next expected position (record id) and the
 * hash it follows. */
typedef struct {
	seal_records *db;
	int64_t expected;
	int64_t prev_id;
	int64_t anchor_seq;
	uint8_t running[SEAL_RECORDS_HASH_LEN];
	GByteArray *scratch;
} chain_walk;

/* The id of the record with this hash, or 0. */
static int64_t find_by_hash(sqlite3 *sql, const uint8_t hash[SEAL_RECORDS_HASH_LEN])
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;
	if (sqlite3_prepare_v2(sql, "SELECT id FROM records WHERE hash = ?1 LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_blob(st, 1, hash, SEAL_RECORDS_HASH_LEN, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* The id of the first record after position, or 0. */
static int64_t next_id(sqlite3 *sql, int64_t position)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;
	if (sqlite3_prepare_v2(sql, "SELECT id FROM records WHERE id > ?1 ORDER BY id LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, position);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static gboolean next_links_to(chain_walk *w, int64_t position, const uint8_t hash[SEAL_RECORDS_HASH_LEN])
{
	sqlite3_stmt *st = NULL;
	gboolean links = FALSE;
	if (sqlite3_prepare_v2(w->db->sql, "SELECT prev_hash FROM records WHERE id > ?1 ORDER BY id LIMIT 1", -1,
			       &st, NULL) != SQLITE_OK)
		return FALSE;
	sqlite3_bind_int64(st, 1, position);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == SEAL_RECORDS_HASH_LEN)
		links = memcmp(sqlite3_column_blob(st, 0), hash, SEAL_RECORDS_HASH_LEN) == 0;
	sqlite3_finalize(st);
	return links;
}

static void report(seal_verify_result *res, seal_verify_status status, int64_t id, int64_t seq, char *detail)
{
	res->status = status;
	res->id = id;
	res->seq = seq;
	g_free(res->detail);
	res->detail = detail;
}

/* rec links to the record before it, but its content does not match its hash. */
static void classify_linked(chain_walk *w, const seal_record *rec, seal_verify_result *res)
{
	if (next_links_to(w, rec->id, w->running))
		report(res, SEAL_VERIFY_INSERTED, rec->id, rec->id,
		       g_strdup_printf(_("record %lld was inserted: the record after it follows the one before it"),
				       (long long)(rec->id)));
	else
		report(res, SEAL_VERIFY_ALTERED, rec->id, rec->id,
		       g_strdup_printf(_("record %lld was altered: its content does not match its hash"),
				       (long long)(rec->id)));
}

/* rec does not link to the record before it, but to record pred_id. */
static void classify_found_predecessor(chain_walk *w, const seal_record *rec, int64_t pred_id,
				       seal_verify_result *res)
{
	int64_t first;

	if (pred_id >= rec->id) {
		report(res, SEAL_VERIFY_REORDERED, rec->id, rec->id,
		       g_strdup_printf(_("records were reordered: record %lld belongs after record %lld"),
				       (long long)(rec->id), (long long)pred_id));
	} else if (rec->seq != rec->id) {
		report(res, SEAL_VERIFY_INSERTED, rec->id, rec->id,
		       g_strdup_printf(_("record %lld was inserted: it is a copy of a record that "
					 "follows record %lld"),
				       (long long)(rec->id), (long long)pred_id));
	} else {
		first = next_id(w->db->sql, pred_id);
		report(res, SEAL_VERIFY_INSERTED, first, first,
		       g_strdup_printf(_("record %lld was inserted: record %lld originally followed record %lld directly"),
				       (long long)first, (long long)(rec->id), (long long)pred_id));
	}
}

/* rec does not link to the record before it. */
static void classify_unlinked(chain_walk *w, const seal_record *rec, seal_verify_result *res)
{
	int64_t pred_id = find_by_hash(w->db->sql, rec->prev_hash);
	uint8_t h[SEAL_RECORDS_HASH_LEN];
	seal_record renumbered;

	if (pred_id) {
		classify_found_predecessor(w, rec, pred_id, res);
		return;
	}
	seal_record_compute_hash(rec, rec->prev_hash, h);
	if (memcmp(h, rec->hash, SEAL_RECORDS_HASH_LEN) == 0) {
		if (w->prev_id == 0)
			report(res, SEAL_VERIFY_ALTERED, 0, w->anchor_seq,
			       g_strdup(_("the pruning anchor was altered or removed: the first record does "
					  "not follow it")));
		else
			report(res, SEAL_VERIFY_ALTERED, w->prev_id, w->prev_id,
			       g_strdup_printf(_("record %lld was altered and its hash recomputed: "
						 "the next record no longer follows it"),
					       (long long)(w->prev_id)));
		return;
	}
	renumbered = *rec;
	renumbered.seq = rec->seq + 1;
	seal_record_compute_hash(&renumbered, rec->prev_hash, h);
	if (memcmp(h, rec->hash, SEAL_RECORDS_HASH_LEN) == 0)
		report(res, SEAL_VERIFY_REMOVED, rec->id, w->expected,
		       g_strdup_printf(_("a record before record %lld was removed and the later records renumbered"),
				       (long long)(rec->id)));
	else
		report(res, SEAL_VERIFY_ALTERED, rec->id, rec->id,
		       g_strdup_printf(_("record %lld was altered: it matches neither its hash nor the chain"),
				       (long long)(rec->id)));
}

static void report_gap(chain_walk *w, const seal_record *rec, seal_verify_result *res)
{
	if (rec->id > w->expected + 1)
		report(res, SEAL_VERIFY_REMOVED, rec->id, w->expected,
		       g_strdup_printf(_("records %lld to %lld were removed (before record %lld)"),
				       (long long)(w->expected), (long long)(rec->id - 1), (long long)(rec->id)));
	else
		report(res, SEAL_VERIFY_REMOVED, rec->id, w->expected,
		       g_strdup_printf(_("record %lld was removed"), (long long)(w->expected)));
}

/* Checks one record against the walk; TRUE when it continues the chain.
 * A record's position is its id; its hashed content repeats it as seq. */
static gboolean check_record(chain_walk *w, const seal_record *rec, seal_verify_result *res)
{
	uint8_t h[SEAL_RECORDS_HASH_LEN];
	gboolean linked = memcmp(rec->prev_hash, w->running, SEAL_RECORDS_HASH_LEN) == 0;

	if (rec->id < w->expected) {
		report(res, SEAL_VERIFY_INSERTED, rec->id, rec->id,
		       g_strdup_printf(_("record %lld was inserted: it precedes the pruning anchor"),
				       (long long)(rec->id)));
		return FALSE;
	}
	if (rec->id > w->expected) {
		report_gap(w, rec, res);
		return FALSE;
	}
	compute_hash_with(w->scratch, rec, w->running, h);
	if (memcmp(h, rec->hash, SEAL_RECORDS_HASH_LEN) == 0) {
		if (linked && rec->seq == rec->id)
			return TRUE;
		report(res, SEAL_VERIFY_ALTERED, rec->id, rec->id,
		       g_strdup_printf(linked ? _("record %lld was altered: its id was changed")
					      : _("record %lld was altered: its stored previous hash was changed"),
				       (long long)(rec->id)));
		return FALSE;
	}
	if (linked)
		classify_linked(w, rec, res);
	else
		classify_unlinked(w, rec, res);
	return FALSE;
}

static void report_success(chain_walk *w, seal_verify_result *res)
{
	char hex[2 * SEAL_RECORDS_HASH_LEN + 1];
	for (int i = 0; i < SEAL_RECORDS_HASH_LEN; i++)
		g_snprintf(hex + 2 * i, 3, "%02x", w->running[i]);
	res->status = SEAL_VERIFY_OK;
	res->last_seq = w->expected - 1;
	memcpy(res->last_hash, w->running, SEAL_RECORDS_HASH_LEN);
	res->detail = g_strdup_printf(
		ngettext("%lld record verifies (sequence %lld to %lld; head %s)",
			    "all %lld records verify (sequence %lld to %lld; head %s)",
			    (gulong)res->checked),
		(long long)(res->checked), (long long)(w->anchor_seq + 1), (long long)(w->expected - 1), hex);
}

/* Reads the records up to max_seq (0 = all) in chain order and checks each;
 * returns the SQLite result of the reading (SQLITE_DONE when complete). */
static int walk_records(chain_walk *w, int64_t max_seq, seal_verify_result *res, gboolean *intact)
{
	sqlite3_stmt *st = NULL;
	seal_record rec;
	int rc = sqlite3_prepare_v2(w->db->sql,
				    max_seq > 0 ? "SELECT " SEAL_RECORD_COLUMNS " FROM records r WHERE r.id <= ?1 ORDER BY r.id"
						: "SELECT " SEAL_RECORD_COLUMNS " FROM records r ORDER BY r.id",
				    -1, &st, NULL);

	*intact = TRUE;
	if (rc == SQLITE_OK && max_seq > 0)
		sqlite3_bind_int64(st, 1, max_seq);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		seal_record_from_row(st, &rec);
		if (!check_record(w, &rec, res)) {
			*intact = FALSE;
			rc = SQLITE_DONE;
			break;
		}
		memcpy(w->running, rec.hash, SEAL_RECORDS_HASH_LEN);
		w->expected++;
		w->prev_id = rec.id;
		res->checked++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

gboolean seal_records_verify_range(seal_records *db, int64_t max_seq, seal_verify_result *res, GError **error)
{
	chain_walk w = { .db = db };
	gboolean intact = FALSE;
	int rc;

	memset(res, 0, sizeof *res);
	if (!seal_records_read_anchor(db, &w.anchor_seq, w.running, error))
		return FALSE;
	w.expected = w.anchor_seq + 1;
	res->anchor_seq = w.anchor_seq;
	w.scratch = g_byte_array_sized_new(1024);
	rc = walk_records(&w, max_seq, res, &intact);
	g_byte_array_unref(w.scratch);
	if (rc != SQLITE_DONE) {
		seal_records_set_error(error, db->sql, rc, _("Could not verify the records"));
		return FALSE;
	}
	if (intact)
		report_success(&w, res);
	else
		res->last_seq = w.expected - 1;
	return TRUE;
}

gboolean seal_records_verify(seal_records *db, seal_verify_result *result, GError **error)
{
	return seal_records_verify_range(db, 0, result, error);
}

void seal_verify_result_clear(seal_verify_result *result)
{
	g_clear_pointer(&result->detail, g_free);
}
