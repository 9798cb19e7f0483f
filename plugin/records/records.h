/* Seal's sealed records: a local, tamper-evident SQLite store of conversations.
 *
 * libpurple-free: C + SQLite + GLib + libgcrypt.  Used by core-seal (through
 * plugin/core/recording.c) and by the seal-log command-line tool.
 *
 * Every record is chained to the one before it:
 *     hash = SHA-256(prev_hash || canonical(record))
 * where canonical() is an unambiguous, length-prefixed encoding of every
 * recorded field including the sequence number (see chain.c).  The first
 * record follows 32 zero bytes, or the anchor left by retention pruning.
 *
 * Errors are reported through GError (domain SEAL_RECORDS_ERROR) with a
 * translated one-line message fit to show to the user. */
#ifndef SEAL_RECORDS_H
#define SEAL_RECORDS_H

#include <stdint.h>
#include <stdio.h>
#include <glib.h>

#define SEAL_RECORDS_HASH_LEN 32
#define SEAL_RECORDS_SCHEMA_VERSION 2

#define SEAL_RECORDS_ERROR (seal_records_error_quark())
GQuark seal_records_error_quark(void);

typedef enum {
	SEAL_RECORDS_ERROR_MISSING,  /* the database file does not exist (read-only open) */
	SEAL_RECORDS_ERROR_LOCKED,   /* another process holds the database too long */
	SEAL_RECORDS_ERROR_CORRUPT,  /* not a database, or damaged */
	SEAL_RECORDS_ERROR_NEWER,    /* written by a newer Seal: left untouched */
	SEAL_RECORDS_ERROR_FULL,     /* disk or file-size limit reached */
	SEAL_RECORDS_ERROR_IO,       /* any other failure of the file or of SQLite */
	SEAL_RECORDS_ERROR_INVALID,  /* a bad argument (e.g. a record without account) */
	SEAL_RECORDS_ERROR_OUTPUT,   /* the export output could not be written */
} seal_records_error_code;

typedef enum {
	SEAL_RECORD_KIND_IM = 0,
	SEAL_RECORD_KIND_CHAT = 1,
	SEAL_RECORD_KIND_EVENT = 2,
} seal_record_kind;

typedef enum {
	SEAL_RECORD_DIR_IN = 0,
	SEAL_RECORD_DIR_OUT = 1,
	SEAL_RECORD_DIR_EVENT = 2,
} seal_record_direction;

typedef enum {
	SEAL_RECORD_TRUST_NONE = 0,       /* not encrypted / not applicable */
	SEAL_RECORD_TRUST_UNVERIFIED = 1,
	SEAL_RECORD_TRUST_VERIFIED = 2,
	SEAL_RECORD_TRUST_CHANGED = 3,
} seal_record_trust;

/* One record.  For seal_records_append the caller fills time_us ...
 * markup; id, seq, prev_hash and hash are assigned by the store.  Strings
 * are UTF-8; peer_alias may be NULL (stored as ""). */
typedef struct {
	int64_t id;             /* record id: its position in the chain, 1-based, never reused */
	int64_t seq;            /* the same number, stored again inside the hashed content */
	int64_t time_us;        /* UTC, microseconds since the epoch: received/sent time */
	int64_t sender_time_us; /* the sender's time from the encrypted payload; 0 = unknown */
	const char *account;    /* our account's user name */
	const char *protocol;   /* protocol id, e.g. "prpl-jabber" */
	seal_record_kind kind;
	const char *peer;       /* normalised screen name (chat: room name) */
	const char *peer_alias; /* display name (chat: the speaker) */
	seal_record_direction direction;
	int encrypted;          /* 0 or 1 */
	seal_record_trust trust;
	const char *text;       /* plain text: markup stripped, entities decoded */
	const char *markup;     /* the original text as displayed (may hold HTML) */
	uint8_t prev_hash[SEAL_RECORDS_HASH_LEN];
	uint8_t hash[SEAL_RECORDS_HASH_LEN];
} seal_record;

/* Which records a query, search, export or stats call covers.  NULL / 0
 * members mean "no restriction".  Times are inclusive (from) / exclusive (to). */
typedef struct {
	const char *peer;
	const char *account;
	int64_t from_us;
	int64_t to_us;
	int64_t from_id; /* inclusive */
	int64_t to_id;   /* inclusive */
} seal_records_filter;

typedef struct seal_records seal_records;

typedef enum {
	SEAL_RECORDS_OPEN_READWRITE = 0, /* create if missing, migrate older schemas */
	SEAL_RECORDS_OPEN_READONLY = 1,  /* must exist; for readers while the client runs */
} seal_records_open_mode;

/* Opens (and for READWRITE creates, mode 0600, WAL) the store at path.
 * Returns NULL and sets error on failure; a newer schema is refused and the
 * file left untouched. */
seal_records *seal_records_open(const char *path, seal_records_open_mode mode, GError **error);
void seal_records_close(seal_records *db);

/* Appends one record in its own transaction: when this returns TRUE the
 * record is committed.  Fills rec->id/seq/prev_hash/hash. */
gboolean seal_records_append(seal_records *db, seal_record *rec, GError **error);

/* Appends count records in one transaction (all or none): for imports and
 * the benchmark; the client uses seal_records_append, one per message. */
gboolean seal_records_append_many(seal_records *db, seal_record *recs, size_t count, GError **error);

/* Adds the records appended since the last call to the full-text index, in
 * one transaction (FTS5 writes a segment per transaction: indexing each
 * message on its own would cost more than recording it).  The client calls
 * this from an idle timer; the store also calls it when opened and closed,
 * before pruning, before a search through a writable handle, and from
 * seal_records_append once SEAL_RECORDS_INDEX_BACKSTOP records are pending.
 * Searches see records not yet indexed too.  error may be NULL. */
gboolean seal_records_index_pending(seal_records *db, GError **error);

/* Number of records appended through this handle and not yet indexed. */
int64_t seal_records_unindexed(const seal_records *db);

/* Calls fn for each record matching filter, oldest first (by sequence).
 * fn returns FALSE to stop.  The record passed is only valid during the call. */
typedef gboolean (*seal_records_fn)(const seal_record *rec, void *user_data);
gboolean seal_records_query(seal_records *db, const seal_records_filter *filter,
			    seal_records_fn fn, void *user_data, GError **error);

/* Full-text search of the plain text, newest first, at most limit records
 * (0 = no limit).  Words in text must all occur (FTS5, unicode61 tokens). */
gboolean seal_records_search(seal_records *db, const char *text, const seal_records_filter *filter,
			     int limit, seal_records_fn fn, void *user_data, GError **error);

/* Writes the matching records as RFC 4180 CSV (see csv.c) to out.  raw = FALSE
 * neutralises spreadsheet formulas.  Returns the number of records, or -1. */
int64_t seal_records_export_csv(seal_records *db, const seal_records_filter *filter, FILE *out,
				gboolean raw, GError **error);

/* Result of walking the chain. */
typedef enum {
	SEAL_VERIFY_OK = 0,
	SEAL_VERIFY_ALTERED,   /* a record's content, sequence or hash was changed */
	SEAL_VERIFY_INSERTED,  /* a record was added inside the chain */
	SEAL_VERIFY_REMOVED,   /* one or more records are missing */
	SEAL_VERIFY_REORDERED, /* records were moved to another position */
} seal_verify_status;

typedef struct {
	seal_verify_status status;
	int64_t checked;     /* records checked before the first problem (or all) */
	int64_t id;          /* the first record found wrong (0 if none) */
	int64_t seq;         /* its sequence number, or the first missing one */
	int64_t anchor_seq;  /* the chain starts after this sequence (0 = from the start) */
	int64_t last_seq;    /* last sequence checked */
	uint8_t last_hash[SEAL_RECORDS_HASH_LEN]; /* head of the chain when OK */
	char *detail;        /* translated one-line explanation, g_free it */
} seal_verify_result;

/* Walks the whole chain in sequence order.  Returns FALSE only when the
 * database could not be read (error set); tampering is reported in result. */
gboolean seal_records_verify(seal_records *db, seal_verify_result *result, GError **error);
void seal_verify_result_clear(seal_verify_result *result);

/* Deletes the oldest records whose time is before cutoff_us, as a prefix of
 * the chain (stopping at the first newer record), and stores the anchor the
 * remaining chain starts from.  *deleted receives the count. */
gboolean seal_records_prune(seal_records *db, int64_t cutoff_us, int64_t *deleted, GError **error);

/* The UTC days on which (account, peer) has records, oldest first, with the
 * first and last record id of each day (a filter's from_id/to_id then reads
 * a day without scanning the store). */
typedef void (*seal_records_day_fn)(int64_t day_start_us, int64_t first_id, int64_t last_id, void *user_data);
gboolean seal_records_list_days(seal_records *db, const char *account, const char *peer, seal_records_day_fn fn,
				void *user_data, GError **error);

/* Counts of messages: per contact, per UTC day, and overall. */
typedef struct {
	char *label;       /* "account/peer" or "YYYY-MM-DD" */
	int64_t total;
	int64_t incoming;
	int64_t outgoing;
	int64_t events;
	int64_t encrypted;
} seal_records_count;

typedef struct {
	GPtrArray *per_contact; /* of seal_records_count *, most messages first */
	GPtrArray *per_day;     /* of seal_records_count *, oldest day first */
	seal_records_count total;
} seal_records_stats;

gboolean seal_records_get_stats(seal_records *db, const seal_records_filter *filter,
				seal_records_stats *stats, GError **error);
void seal_records_stats_clear(seal_records_stats *stats);

/* Names used in CSV and by seal-log. */
const char *seal_record_kind_name(seal_record_kind kind);
const char *seal_record_direction_name(seal_record_direction direction);
const char *seal_record_trust_name(seal_record_trust trust);

/* ISO 8601 UTC with microseconds, e.g. 2026-11-28T17:05:48.123456Z; buf >= 32. */
void seal_records_format_time(int64_t time_us, char buf[32]);
/* Parses YYYY-MM-DD (midnight UTC) or full ISO 8601 (with Z or an offset;
 * without a zone, UTC).  Returns FALSE on anything else. */
gboolean seal_records_parse_time(const char *text, int64_t *time_us);

#endif
