/* Private to the record store: shared by store.c, chain.c, query.c, csv.c. */
#ifndef SEAL_RECORDS_INTERNAL_H
#define SEAL_RECORDS_INTERNAL_H

#include <libintl.h>
#include <sqlite3.h>
#include "records.h"

/* Plural messages in Seal's own text domain: the store also runs inside the
 * plugin, whose process (Pidgin, Finch) has another default domain.  Named
 * ngettext so that xgettext's --keyword=ngettext:1,2 extracts them. */
#undef ngettext
#define ngettext(singular, plural, n) g_dngettext(GETTEXT_PACKAGE, singular, plural, n)

struct seal_records {
	sqlite3 *sql;
	char *path;
	gboolean readonly;
	sqlite3_stmt *append_tail;   /* the last record's seq and hash */
	sqlite3_stmt *append_anchor; /* the anchor, for an empty chain */
	sqlite3_stmt *append_insert;
	sqlite3_stmt *begin;
	sqlite3_stmt *commit;
	sqlite3_stmt *rollback;
	int64_t unindexed; /* appends since the search index was last brought up to date */
};

/* However seldom the owner calls seal_records_index_pending, appends index
 * the pending records themselves once this many have accumulated. */
#define SEAL_RECORDS_INDEX_BACKSTOP 2000

/* SQL: the UTC day number (days since 1970-01-01, floored) of a time in µs. */
#define SEAL_RECORDS_DAY_OF(t) \
	"((" t " - ((" t " % 86400000000) + 86400000000) % 86400000000) / 86400000000)"

/* Columns selected for a full record, in this order (read by record_from_row). */
#define SEAL_RECORD_COLUMNS \
	"r.id, r.seq, r.time_us, r.sender_time_us, r.account, r.protocol, r.kind, r.peer, " \
	"r.peer_alias, r.direction, r.encrypted, r.trust, r.text, r.markup, r.prev_hash, r.hash"

void seal_record_from_row(sqlite3_stmt *st, seal_record *rec);

/* Sets error from the SQLite result code rc of db (what: the operation). */
void seal_records_set_error(GError **error, sqlite3 *sql, int rc, const char *what);

/* hash = SHA-256(prev || canonical(rec)) using rec->seq and its fields. */
void seal_record_compute_hash(const seal_record *rec, const uint8_t prev[SEAL_RECORDS_HASH_LEN],
			      uint8_t out[SEAL_RECORDS_HASH_LEN]);

/* Appends " AND ..." conditions for filter to sql (parameters ?101..?104)
 * and binds them. */
void seal_records_filter_sql(const seal_records_filter *filter, GString *sql);
void seal_records_filter_bind(const seal_records_filter *filter, sqlite3_stmt *st);

/* Reads the anchor (seq 0 and zero hash when the chain was never pruned). */
gboolean seal_records_read_anchor(seal_records *db, int64_t *seq, uint8_t hash[SEAL_RECORDS_HASH_LEN],
				  GError **error);

/* Walks the chain from the anchor up to max_seq (0 = to the end). */
gboolean seal_records_verify_range(seal_records *db, int64_t max_seq, seal_verify_result *result,
				   GError **error);

#endif
