/* The record store: opening, schema and migrations, appending, pruning.
 *
 * Durability.  The database runs in WAL mode with synchronous=NORMAL and
 * every record is appended in its own transaction.  COMMIT returns only after
 * the transaction's frames were written (write(2)) to the -wal file; they are
 * then in the operating system's page cache, which belongs to the kernel, not
 * to our process.  Killing the client (kill -9, a crash) therefore loses no
 * committed record and cannot corrupt the database: the next open replays the
 * WAL.  Only a power loss or kernel crash before the next checkpoint's fsync
 * can drop the last commits (never corrupting the file); synchronous=FULL
 * would close that window at ~14x the cost per message. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <gcrypt.h>
#include <glib/gi18n-lib.h>
#include "internal.h"

#define BUSY_TIMEOUT_MS 5000

G_DEFINE_QUARK(seal-records-error-quark, seal_records_error)

/* Schema steps: step[v] migrates user_version v to v + 1.
 * Version 1: records and the pruning anchor.  A record's id is its position
 * in the chain (the rowid, so that appends and the chain walk follow the
 * table's own order); seq repeats it inside the hashed content.  There is
 * no secondary index: each would cost a page write per message.
 * Version 2: the full-text index over the plain text (external content).
 * Appends do not index one by one (an FTS5 segment per transaction would
 * cost more than the record itself): records up to search_index.
 * indexed_through are indexed, the rest are indexed in batches
 * (seal_records_index_pending) and searched directly until then.  The
 * triggers keep the index right when indexed records are deleted (pruning)
 * or changed.  peer_days, filled in the same batches, says on which UTC days
 * each contact has records and between which ids (for the log viewer,
 * without an index written with every message). */
static const char *const schema_steps[SEAL_RECORDS_SCHEMA_VERSION] = {
	"CREATE TABLE records ("
	" id INTEGER PRIMARY KEY,"
	" seq INTEGER NOT NULL,"
	" time_us INTEGER NOT NULL,"
	" sender_time_us INTEGER,"
	" account TEXT NOT NULL,"
	" protocol TEXT NOT NULL,"
	" kind INTEGER NOT NULL,"
	" peer TEXT NOT NULL,"
	" peer_alias TEXT NOT NULL,"
	" direction INTEGER NOT NULL,"
	" encrypted INTEGER NOT NULL,"
	" trust INTEGER NOT NULL,"
	" text TEXT NOT NULL,"
	" markup TEXT NOT NULL,"
	" prev_hash BLOB NOT NULL,"
	" hash BLOB NOT NULL);"
	"CREATE TABLE anchor ("
	" id INTEGER PRIMARY KEY CHECK (id = 1),"
	" seq INTEGER NOT NULL,"
	" hash BLOB NOT NULL,"
	" pruned_before_us INTEGER NOT NULL,"
	" pruned_at_us INTEGER NOT NULL);",

	"CREATE VIRTUAL TABLE records_fts USING fts5(text, content='records', content_rowid='id', columnsize=0);"
	"CREATE TABLE search_index (id INTEGER PRIMARY KEY CHECK (id = 1), indexed_through INTEGER NOT NULL);"
	"CREATE TABLE peer_days (account TEXT NOT NULL, peer TEXT NOT NULL, day INTEGER NOT NULL,"
	" first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, PRIMARY KEY (account, peer, day)) WITHOUT ROWID;"
	"INSERT INTO search_index VALUES (1, 0);"
	"CREATE TRIGGER records_fts_delete AFTER DELETE ON records"
	" WHEN old.id <= (SELECT indexed_through FROM search_index) BEGIN"
	" INSERT INTO records_fts(records_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
	"CREATE TRIGGER records_fts_update_old AFTER UPDATE OF id, text ON records"
	" WHEN old.id <= (SELECT indexed_through FROM search_index) BEGIN"
	" INSERT INTO records_fts(records_fts, rowid, text) VALUES ('delete', old.id, old.text); END;"
	"CREATE TRIGGER records_fts_update_new AFTER UPDATE OF id, text ON records"
	" WHEN new.id <= (SELECT indexed_through FROM search_index) BEGIN"
	" INSERT INTO records_fts(rowid, text) VALUES (new.id, new.text); END;",
};

static gboolean file_at_limit(const char *path, off_t limit)
{
	struct stat st;
	return path && stat(path, &st) == 0 && st.st_size + 64 * 1024 >= limit;
}

/* SQLite reports a failed write(2) as SQLITE_IOERR_WRITE and does not keep
 * its errno; tell "no space" (disk full, or the file size limit reached)
 * from other I/O errors by looking at the file system and the limit. */
static gboolean write_failed_for_space(sqlite3 *sql, int rc)
{
	const char *path = sql ? sqlite3_db_filename(sql, "main") : NULL;
	struct statvfs fs;
	struct rlimit limit;
	gboolean full = FALSE;

	if (rc != SQLITE_IOERR_WRITE || !path || !*path)
		return FALSE;
	if (statvfs(path, &fs) == 0 && (guint64)fs.f_bavail * fs.f_frsize < 1024 * 1024)
		return TRUE;
	if (getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
		char *wal = g_strconcat(path, "-wal", NULL);
		full = file_at_limit(path, (off_t)limit.rlim_cur) || file_at_limit(wal, (off_t)limit.rlim_cur);
		g_free(wal);
	}
	return full;
}

void seal_records_set_error(GError **error, sqlite3 *sql, int rc, const char *what)
{
	int primary = rc & 0xff;
	int sys_errno = sql ? sqlite3_system_errno(sql) : 0;
	const char *detail = sql ? sqlite3_errmsg(sql) : sqlite3_errstr(rc);
	seal_records_error_code code = SEAL_RECORDS_ERROR_IO;
	const char *why = _("database error");

	if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
		code = SEAL_RECORDS_ERROR_LOCKED;
		why = _("the database is locked by another program");
	} else if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
		code = SEAL_RECORDS_ERROR_CORRUPT;
		why = _("the database is damaged or is not a record database");
	} else if (primary == SQLITE_FULL ||
		   (primary == SQLITE_IOERR && (sys_errno == ENOSPC || sys_errno == EFBIG ||
						sys_errno == EDQUOT || write_failed_for_space(sql, rc)))) {
		code = SEAL_RECORDS_ERROR_FULL;
		why = _("the disk is full");
	} else if (primary == SQLITE_READONLY || primary == SQLITE_PERM) {
		why = _("the database cannot be written");
	}
	g_set_error(error, SEAL_RECORDS_ERROR, code, "%s: %s (%s)", what, why, detail);
}

static gboolean exec_sql(seal_records *db, const char *sql, const char *what, GError **error)
{
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, what);
		return FALSE;
	}
	return TRUE;
}

/* Reads one integer from a single-row statement such as a PRAGMA. */
static gboolean query_int(seal_records *db, const char *sql, int64_t *out, GError **error)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		seal_records_set_error(error, db->sql, rc, _("Could not read the record database"));
	sqlite3_finalize(st);
	return rc == SQLITE_OK;
}

static void restrict_file_mode(const char *path, const char *suffix)
{
	char *name = g_strconcat(path, suffix, NULL);
	if (chmod(name, 0600) != 0 && errno != ENOENT)
		g_warning("seal records: cannot chmod %s: %s", name, g_strerror(errno));
	g_free(name);
}

/* Makes sure the file is ours before anything writes to it: refuses a newer
 * schema and a foreign SQLite database, without modifying either. */
static gboolean check_schema_version(seal_records *db, int64_t *version, GError **error)
{
	int64_t tables = 0;

	if (!query_int(db, "PRAGMA user_version", version, error))
		return FALSE;
	if (*version > SEAL_RECORDS_SCHEMA_VERSION) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_NEWER,
			    _("The record database %s was written by a newer version of Seal "
			      "(schema %lld, this version knows %d); it was left untouched"),
			    db->path, (long long)*version, SEAL_RECORDS_SCHEMA_VERSION);
		return FALSE;
	}
	if (*version == 0) {
		if (!query_int(db, "SELECT count(*) FROM sqlite_master", &tables, error))
			return FALSE;
		if (tables > 0) {
			g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_CORRUPT,
				    _("%s is an SQLite database but not a Seal record database"), db->path);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean migrate_schema(seal_records *db, int64_t version, GError **error)
{
	char *set_version;
	gboolean ok;

	if (version == SEAL_RECORDS_SCHEMA_VERSION)
		return TRUE;
	if (!exec_sql(db, "BEGIN IMMEDIATE", _("Could not upgrade the record database"), error))
		return FALSE;
	for (int64_t v = version; v < SEAL_RECORDS_SCHEMA_VERSION; v++) {
		if (!exec_sql(db, schema_steps[v], _("Could not upgrade the record database"), error)) {
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
			return FALSE;
		}
	}
	set_version = g_strdup_printf("PRAGMA user_version = %d", SEAL_RECORDS_SCHEMA_VERSION);
	ok = exec_sql(db, set_version, _("Could not upgrade the record database"), error) &&
	     exec_sql(db, "COMMIT", _("Could not upgrade the record database"), error);
	g_free(set_version);
	if (!ok)
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return ok;
}

static gboolean prepare(seal_records *db, sqlite3_stmt **st, const char *sql, GError **error)
{
	int rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, _("Could not prepare the record database"));
		return FALSE;
	}
	return TRUE;
}

static gboolean prepare_append(seal_records *db, GError **error)
{
	return prepare(db, &db->begin, "BEGIN IMMEDIATE", error) &&
	       prepare(db, &db->commit, "COMMIT", error) &&
	       prepare(db, &db->rollback, "ROLLBACK", error) &&
	       prepare(db, &db->append_tail,
		       "SELECT id, hash FROM records ORDER BY id DESC LIMIT 1", error) &&
	       prepare(db, &db->append_anchor, "SELECT seq, hash FROM anchor WHERE id = 1", error) &&
	       prepare(db, &db->append_insert,
		       "INSERT INTO records (id, seq, time_us, sender_time_us, account, protocol, kind,"
		       " peer, peer_alias, direction, encrypted, trust, text, markup, prev_hash, hash)"
		       " VALUES (?1,?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15)",
		       error);
}

static gboolean configure_writer(seal_records *db, GError **error)
{
	sqlite3_stmt *st = NULL;
	gboolean wal = FALSE;
	int rc = sqlite3_prepare_v2(db->sql, "PRAGMA journal_mode = WAL", -1, &st, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		wal = g_ascii_strcasecmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, _("Could not open the record database"));
		return FALSE;
	}
	if (!wal) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_IO,
			    _("Could not switch the record database %s to WAL mode"), db->path);
		return FALSE;
	}
	return exec_sql(db, "PRAGMA synchronous = NORMAL", _("Could not open the record database"), error);
}

static gboolean open_connection(seal_records *db, seal_records_open_mode mode, GError **error)
{
	/* A handle is used by one thread at a time: no per-call mutex. */
	int flags = SQLITE_OPEN_NOMUTEX | (mode == SEAL_RECORDS_OPEN_READONLY
						   ? SQLITE_OPEN_READONLY
						   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	mode_t old_umask;
	int rc;

	if (mode == SEAL_RECORDS_OPEN_READONLY && !g_file_test(db->path, G_FILE_TEST_EXISTS)) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_MISSING,
			    _("There is no record database at %s"), db->path);
		return FALSE;
	}
	/* The database (and with it the -wal and -shm files, which SQLite
	 * creates with the database's mode) must never be readable by others. */
	old_umask = umask(077);
	rc = sqlite3_open_v2(db->path, &db->sql, flags, NULL);
	umask(old_umask);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, _("Could not open the record database"));
		return FALSE;
	}
	if (mode == SEAL_RECORDS_OPEN_READWRITE)
		restrict_file_mode(db->path, "");
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db->sql, 1);
	return TRUE;
}

static void init_gcrypt(void)
{
	/* Applications (or another plugin) normally initialise libgcrypt; make
	 * sure it is at least version-checked before the first hash. */
	if (!gcry_control(GCRYCTL_INITIALIZATION_FINISHED_P))
		gcry_check_version(NULL);
}

seal_records *seal_records_open(const char *path, seal_records_open_mode mode, GError **error)
{
	seal_records *db;
	int64_t version = 0;

	g_return_val_if_fail(path != NULL, NULL);
	init_gcrypt();
	db = g_new0(seal_records, 1);
	db->path = g_strdup(path);
	db->readonly = mode == SEAL_RECORDS_OPEN_READONLY;
	if (!open_connection(db, mode, error) || !check_schema_version(db, &version, error))
		goto fail;
	if (db->readonly) {
		if (version != SEAL_RECORDS_SCHEMA_VERSION) {
			g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_CORRUPT,
				    _("%s is not a current Seal record database (schema %lld); "
				      "open it once with Seal to upgrade it"),
				    path, (long long)version);
			goto fail;
		}
		return db;
	}
	if (!configure_writer(db, error) || !migrate_schema(db, version, error) ||
	    !prepare_append(db, error))
		goto fail;
	/* Catch up after a crash; on failure searches still see every record. */
	seal_records_index_pending(db, NULL);
	restrict_file_mode(path, "-wal");
	restrict_file_mode(path, "-shm");
	return db;
fail:
	seal_records_close(db);
	return NULL;
}

void seal_records_close(seal_records *db)
{
	if (!db)
		return;
	if (db->sql && !db->readonly && db->unindexed > 0)
		seal_records_index_pending(db, NULL);
	sqlite3_finalize(db->append_tail);
	sqlite3_finalize(db->append_anchor);
	sqlite3_finalize(db->append_insert);
	sqlite3_finalize(db->begin);
	sqlite3_finalize(db->commit);
	sqlite3_finalize(db->rollback);
	sqlite3_close_v2(db->sql);
	g_free(db->path);
	g_free(db);
}

gboolean seal_records_read_anchor(seal_records *db, int64_t *seq, uint8_t hash[SEAL_RECORDS_HASH_LEN],
				  GError **error)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, "SELECT seq, hash FROM anchor WHERE id = 1", -1, &st, NULL);

	*seq = 0;
	memset(hash, 0, SEAL_RECORDS_HASH_LEN);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == SEAL_RECORDS_HASH_LEN)
			memcpy(hash, sqlite3_column_blob(st, 1), SEAL_RECORDS_HASH_LEN);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		seal_records_set_error(error, db->sql, rc, _("Could not read the record database"));
		return FALSE;
	}
	return TRUE;
}

/* The sequence and hash the next record follows: the newest record, else the
 * anchor, else the start of the chain. */
static int read_chain_tail(seal_records *db, int64_t *seq, uint8_t hash[SEAL_RECORDS_HASH_LEN])
{
	sqlite3_stmt *sources[2] = { db->append_tail, db->append_anchor };
	int rc = SQLITE_DONE;

	*seq = 0;
	memset(hash, 0, SEAL_RECORDS_HASH_LEN);
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = sources[i];
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*seq = sqlite3_column_int64(st, 0);
			if (sqlite3_column_bytes(st, 1) == SEAL_RECORDS_HASH_LEN)
				memcpy(hash, sqlite3_column_blob(st, 1), SEAL_RECORDS_HASH_LEN);
			rc = SQLITE_DONE;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE || *seq > 0)
			break;
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void bind_text_or_empty(sqlite3_stmt *st, int index, const char *text)
{
	sqlite3_bind_text(st, index, text ? text : "", -1, SQLITE_TRANSIENT);
}

static int insert_record(seal_records *db, seal_record *rec)
{
	sqlite3_stmt *st = db->append_insert;
	int rc;

	sqlite3_bind_int64(st, 1, rec->seq);
	sqlite3_bind_int64(st, 2, rec->time_us);
	if (rec->sender_time_us != 0)
		sqlite3_bind_int64(st, 3, rec->sender_time_us);
	else
		sqlite3_bind_null(st, 3);
	bind_text_or_empty(st, 4, rec->account);
	bind_text_or_empty(st, 5, rec->protocol);
	sqlite3_bind_int(st, 6, rec->kind);
	bind_text_or_empty(st, 7, rec->peer);
	bind_text_or_empty(st, 8, rec->peer_alias);
	sqlite3_bind_int(st, 9, rec->direction);
	sqlite3_bind_int(st, 10, rec->encrypted ? 1 : 0);
	sqlite3_bind_int(st, 11, rec->trust);
	bind_text_or_empty(st, 12, rec->text);
	bind_text_or_empty(st, 13, rec->markup);
	sqlite3_bind_blob(st, 14, rec->prev_hash, SEAL_RECORDS_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 15, rec->hash, SEAL_RECORDS_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_DONE) {
		rec->id = rec->seq;
		return SQLITE_OK;
	}
	return rc;
}

static int step_once(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Replaces invalid UTF-8 (never expected from libpurple) so that every
 * export stays loadable; *owned receives the copy to free. */
static const char *valid_utf8(const char *text, char **owned)
{
	*owned = NULL;
	if (!text || g_utf8_validate(text, -1, NULL))
		return text;
	*owned = g_utf8_make_valid(text, -1);
	return *owned;
}

static gboolean check_record_fields(const seal_record *rec, GError **error)
{
	if (!rec->account || !rec->protocol || !rec->peer || !rec->text || !rec->markup ||
	    rec->kind > SEAL_RECORD_KIND_EVENT || rec->direction > SEAL_RECORD_DIR_EVENT ||
	    rec->trust > SEAL_RECORD_TRUST_CHANGED) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_INVALID,
			    _("Could not save the record: a required field is missing or invalid"));
		return FALSE;
	}
	return TRUE;
}

/* Appends rec inside the caller's transaction; fills its id, seq and hashes. */
static int append_in_transaction(seal_records *db, seal_record *rec)
{
	seal_record clean = *rec;
	char *owned[6];
	int64_t tail_seq;
	int rc;

	clean.account = valid_utf8(rec->account, &owned[0]);
	clean.protocol = valid_utf8(rec->protocol, &owned[1]);
	clean.peer = valid_utf8(rec->peer, &owned[2]);
	clean.peer_alias = valid_utf8(rec->peer_alias ? rec->peer_alias : "", &owned[3]);
	clean.text = valid_utf8(rec->text, &owned[4]);
	clean.markup = valid_utf8(rec->markup, &owned[5]);
	rc = read_chain_tail(db, &tail_seq, clean.prev_hash);
	if (rc == SQLITE_OK) {
		clean.seq = tail_seq + 1;
		seal_record_compute_hash(&clean, clean.prev_hash, clean.hash);
		rc = insert_record(db, &clean);
	}
	if (rc == SQLITE_OK) {
		rec->id = clean.id;
		rec->seq = clean.seq;
		memcpy(rec->prev_hash, clean.prev_hash, SEAL_RECORDS_HASH_LEN);
		memcpy(rec->hash, clean.hash, SEAL_RECORDS_HASH_LEN);
	}
	for (int i = 0; i < 6; i++)
		g_free(owned[i]);
	return rc;
}

gboolean seal_records_append_many(seal_records *db, seal_record *recs, size_t count, GError **error)
{
	int rc;

	g_return_val_if_fail(db != NULL && (recs != NULL || count == 0), FALSE);
	if (db->readonly) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_INVALID,
			    _("The record database was opened read-only"));
		return FALSE;
	}
	for (size_t i = 0; i < count; i++)
		if (!check_record_fields(&recs[i], error))
			return FALSE;
	rc = step_once(db->begin);
	for (size_t i = 0; rc == SQLITE_OK && i < count; i++)
		rc = append_in_transaction(db, &recs[i]);
	if (rc == SQLITE_OK)
		rc = step_once(db->commit);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, _("Could not save the record"));
		if (!sqlite3_get_autocommit(db->sql))
			step_once(db->rollback);
		return FALSE;
	}
	/* The records are committed; indexing them for search is a separate,
	 * later transaction whose failure loses nothing. */
	db->unindexed += count;
	if (db->unindexed >= SEAL_RECORDS_INDEX_BACKSTOP)
		seal_records_index_pending(db, NULL);
	return TRUE;
}

gboolean seal_records_append(seal_records *db, seal_record *rec, GError **error)
{
	return seal_records_append_many(db, rec, 1, error);
}

/* The last sequence of the prefix of the chain older than cutoff_us, or 0. */
static gboolean find_prune_end(seal_records *db, int64_t cutoff_us, int64_t *end_seq, GError **error)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql,
				    "SELECT coalesce((SELECT id FROM records WHERE time_us >= ?1 ORDER BY id LIMIT 1) - 1,"
				    " (SELECT max(id) FROM records), 0)",
				    -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, cutoff_us);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*end_seq = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		seal_records_set_error(error, db->sql, rc, _("Could not prune the records"));
	return rc == SQLITE_OK;
}

static int run_with_id(seal_records *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->sql);
	}
	sqlite3_finalize(st);
	return rc;
}

static int delete_prefix_and_anchor(seal_records *db, int64_t end_seq, int64_t cutoff_us, int64_t *deleted)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql,
				    "INSERT OR REPLACE INTO anchor (id, seq, hash, pruned_before_us, pruned_at_us)"
				    " SELECT 1, id, hash, ?2, ?3 FROM records WHERE id = ?1",
				    -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, end_seq);
		sqlite3_bind_int64(st, 2, cutoff_us);
		sqlite3_bind_int64(st, 3, g_get_real_time());
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->sql);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_OK)
		rc = run_with_id(db, "DELETE FROM peer_days WHERE last_id <= ?1", end_seq);
	if (rc == SQLITE_OK)
		rc = run_with_id(db, "UPDATE peer_days SET first_id = ?1 + 1 WHERE first_id <= ?1", end_seq);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db->sql, "DELETE FROM records WHERE id <= ?1", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, end_seq);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->sql);
		*deleted = sqlite3_changes64(db->sql);
	}
	sqlite3_finalize(st);
	return rc;
}

gboolean seal_records_prune(seal_records *db, int64_t cutoff_us, int64_t *deleted, GError **error)
{
	int64_t end_seq = 0, anchor_seq;
	uint8_t anchor_hash[SEAL_RECORDS_HASH_LEN];
	seal_verify_result check;
	int rc;

	*deleted = 0;
	if (db->readonly) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_INVALID,
			    _("The record database was opened read-only"));
		return FALSE;
	}
	/* Deleting a record the search index has not seen would corrupt it. */
	if (!seal_records_index_pending(db, error) ||
	    !exec_sql(db, "BEGIN IMMEDIATE", _("Could not prune the records"), error))
		return FALSE;
	if (!find_prune_end(db, cutoff_us, &end_seq, error) ||
	    !seal_records_read_anchor(db, &anchor_seq, anchor_hash, error))
		goto fail;
	if (end_seq <= anchor_seq)
		return exec_sql(db, "COMMIT", _("Could not prune the records"), error);
	/* Never let pruning erase the evidence of tampering: the part of the
	 * chain about to be deleted must verify first. */
	if (!seal_records_verify_range(db, end_seq, &check, error))
		goto fail;
	if (check.status != SEAL_VERIFY_OK) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_INVALID,
			    _("Nothing was pruned: the records to prune fail verification: %s"), check.detail);
		seal_verify_result_clear(&check);
		goto fail;
	}
	seal_verify_result_clear(&check);
	rc = delete_prefix_and_anchor(db, end_seq, cutoff_us, deleted);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, _("Could not prune the records"));
		goto fail;
	}
	if (exec_sql(db, "COMMIT", _("Could not prune the records"), error))
		return TRUE;
fail:
	*deleted = 0;
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return FALSE;
}

const char *seal_record_kind_name(seal_record_kind kind)
{
	static const char *const names[] = { "im", "chat", "event" };
	return (unsigned)kind < G_N_ELEMENTS(names) ? names[kind] : "unknown";
}

const char *seal_record_direction_name(seal_record_direction direction)
{
	static const char *const names[] = { "in", "out", "event" };
	return (unsigned)direction < G_N_ELEMENTS(names) ? names[direction] : "unknown";
}

const char *seal_record_trust_name(seal_record_trust trust)
{
	static const char *const names[] = { "none", "unverified", "verified", "changed" };
	return (unsigned)trust < G_N_ELEMENTS(names) ? names[trust] : "unknown";
}
