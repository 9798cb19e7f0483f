/* Record store: insert/query, search, stats, file modes, schema versions,
 * corrupted files, time parsing and formatting. */
#include <sys/stat.h>
#include "testutil.h"

static gboolean collect_ids(const seal_record *rec, void *user_data)
{
	g_array_append_val((GArray *)user_data, rec->id);
	return TRUE;
}

static void test_insert_and_query(const char *dir)
{
	char *path = g_build_filename(dir, "basic.db", NULL);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	seal_record rec = {
		.time_us = TEST_BASE_US + 123456,
		.sender_time_us = TEST_BASE_US + 100000,
		.account = "alice@example.org",
		.protocol = "prpl-jabber",
		.kind = SEAL_RECORD_KIND_IM,
		.peer = "bob@example.org",
		.peer_alias = NULL,
		.direction = SEAL_RECORD_DIR_IN,
		.encrypted = 1,
		.trust = SEAL_RECORD_TRUST_CHANGED,
		.text = "hello & welcome",
		.markup = "<b>hello</b> &amp; welcome",
	};
	seal_records_filter only_bob = { .peer = "bob@example.org" };
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	struct stat st;
	uint8_t zero[SEAL_RECORDS_HASH_LEN] = { 0 };

	CHECK_NO_ERROR(error);
	CHECK(db != NULL);
	if (!db)
		goto out;
	CHECK(seal_records_append(db, &rec, &error));
	CHECK_NO_ERROR(error);
	CHECK(rec.id == 1 && rec.seq == 1);
	CHECK(memcmp(rec.prev_hash, zero, sizeof zero) == 0);
	CHECK(memcmp(rec.hash, zero, sizeof zero) != 0);
	CHECK(test_append_many(db, 10));

	/* File modes: database, WAL and shared memory files are private. */
	CHECK(g_stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	{
		char *wal = g_strconcat(path, "-wal", NULL);
		CHECK(g_stat(wal, &st) == 0 && (st.st_mode & 0777) == 0600);
		g_free(wal);
	}

	CHECK(seal_records_query(db, &only_bob, collect_ids, ids, &error));
	CHECK_NO_ERROR(error);
	/* the first record plus the 5 odd ones of test_append_many */
	CHECK(ids->len == 6);
	CHECK(ids->len > 0 && g_array_index(ids, int64_t, 0) == 1);
	g_array_set_size(ids, 0);

	/* Search: newest first, filters apply, FTS syntax in the text is harmless. */
	CHECK(seal_records_search(db, "apples number", NULL, 0, collect_ids, ids, &error));
	CHECK_NO_ERROR(error);
	CHECK(ids->len == 10 && g_array_index(ids, int64_t, 0) == 11 && g_array_index(ids, int64_t, 9) == 2);
	g_array_set_size(ids, 0);
	CHECK(seal_records_search(db, "welcome", &only_bob, 0, collect_ids, ids, &error));
	CHECK(ids->len == 1 && g_array_index(ids, int64_t, 0) == 1);
	g_array_set_size(ids, 0);
	CHECK(seal_records_search(db, "apples", NULL, 3, collect_ids, ids, &error));
	CHECK(ids->len == 3);
	g_array_set_size(ids, 0);
	CHECK(seal_records_search(db, "\"unbalanced AND ( NEAR", NULL, 0, collect_ids, ids, &error));
	CHECK_NO_ERROR(error);
	CHECK(ids->len == 0);
	CHECK(!seal_records_search(db, "   ", NULL, 0, collect_ids, ids, &error));
	CHECK(error && error->code == SEAL_RECORDS_ERROR_INVALID);
	g_clear_error(&error);

	/* A record without account is refused, nothing written. */
	rec.account = NULL;
	CHECK(!seal_records_append(db, &rec, &error));
	CHECK(error && error->code == SEAL_RECORDS_ERROR_INVALID);
	g_clear_error(&error);

	{
		seal_records_stats stats;
		CHECK(seal_records_get_stats(db, NULL, &stats, &error));
		CHECK_NO_ERROR(error);
		CHECK(stats.total.total == 11);
		CHECK(stats.per_contact->len == 2);
		/* bob: record 1 (encrypted, in) + 5 odd (in; 3 and 9 encrypted) */
		const seal_records_count *bob = stats.per_contact->pdata[0];
		CHECK(strcmp(bob->label, "bob@example.org (alice@example.org)") == 0);
		CHECK(bob->total == 6 && bob->incoming == 6 && bob->encrypted == 3);
		CHECK(stats.per_day->len == 1);
		CHECK(strcmp(((seal_records_count *)stats.per_day->pdata[0])->label, "2026-11-01") == 0);
		seal_records_stats_clear(&stats);
	}
	seal_records_close(db);

	/* Read-only reopen sees everything; appends are refused. */
	db = seal_records_open(path, SEAL_RECORDS_OPEN_READONLY, &error);
	CHECK_NO_ERROR(error);
	CHECK(db != NULL);
	if (db) {
		seal_verify_result vr;
		g_array_set_size(ids, 0);
		CHECK(seal_records_query(db, NULL, collect_ids, ids, &error) && ids->len == 11);
		CHECK(!seal_records_append(db, &rec, &error));
		g_clear_error(&error);
		CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_OK && vr.checked == 11);
		seal_verify_result_clear(&vr);
		seal_records_close(db);
	}
out:
	g_array_free(ids, TRUE);
	g_free(path);
}

/* Records not yet in the full-text index (appends are indexed in batches)
 * are found too, by a reader while the writer keeps the store open, and
 * the order stays newest first across the indexed and unindexed parts. */
static void test_search_unindexed(const char *dir)
{
	char *path = g_build_filename(dir, "unindexed.db", NULL);
	GError *error = NULL;
	seal_records *writer = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	seal_records *reader;
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	gboolean ordered = TRUE;
	seal_records_filter carol = { .peer = "carol@example.org" };

	/* 2500 appends: the first 2000 are indexed by the append backstop. */
	CHECK(writer && test_append_many(writer, 2500));
	CHECK(seal_records_unindexed(writer) == 500);
	reader = seal_records_open(path, SEAL_RECORDS_OPEN_READONLY, &error);
	CHECK_NO_ERROR(error);
	if (reader) {
		CHECK(seal_records_search(reader, "APPLES", NULL, 0, collect_ids, ids, &error));
		CHECK_NO_ERROR(error);
		CHECK(ids->len == 2500);
		for (guint i = 1; i < ids->len; i++)
			ordered = ordered && g_array_index(ids, int64_t, i - 1) == g_array_index(ids, int64_t, i) + 1;
		CHECK(ordered);
		g_array_set_size(ids, 0);
		CHECK(seal_records_search(reader, "number 650", NULL, 0, collect_ids, ids, &error));
		CHECK(ids->len == 1 && g_array_index(ids, int64_t, 0) == 650);
		g_array_set_size(ids, 0);
		CHECK(seal_records_search(reader, "number 65", NULL, 0, collect_ids, ids, &error));
		/* Unindexed part (2001..2500): substring match, "65" in 2065, 2165,
		 * 2265, 2365, 2465; indexed part: the word 65 only. */
		CHECK(ids->len == 6);
		g_array_set_size(ids, 0);
		CHECK(seal_records_search(reader, "apples", &carol, 260, collect_ids, ids, &error));
		CHECK(ids->len == 260 && g_array_index(ids, int64_t, 0) == 2500 &&
		      g_array_index(ids, int64_t, 259) == 2500 - 2 * 259);
		g_array_set_size(ids, 0);
		/* LIKE wildcards typed by the user are literal: "6_5" would match
		 * 2065, 2165... in the unindexed part otherwise. */
		CHECK(seal_records_search(reader, "6_5", NULL, 0, collect_ids, ids, &error));
		CHECK_NO_ERROR(error);
		CHECK(ids->len == 0);
		CHECK(seal_records_search(reader, "%", NULL, 0, collect_ids, ids, &error) && ids->len == 0);
		seal_records_close(reader);
	}
	seal_records_close(writer);
	g_array_free(ids, TRUE);
	g_free(path);
}

typedef struct {
	GString *out;
} day_list;

static void append_day(int64_t day_start_us, int64_t first_id, int64_t last_id, void *user_data)
{
	g_string_append_printf(((day_list *)user_data)->out, "%lld:%lld-%lld ",
			       (long long)((day_start_us - TEST_BASE_US) / G_GINT64_CONSTANT(86400000000)),
			       (long long)first_id, (long long)last_id);
}

static char *list_days(seal_records *db, const char *peer)
{
	day_list list = { g_string_new(NULL) };
	GError *error = NULL;
	CHECK(seal_records_list_days(db, "alice@example.org", peer, append_day, &list, &error));
	CHECK_NO_ERROR(error);
	return g_string_free(list.out, FALSE);
}

/* Days per contact for the log viewer: from peer_days for indexed records,
 * merged with the records not yet indexed; kept right by pruning. */
static void test_list_days(const char *dir)
{
	static const struct {
		const char *peer;
		int day;
	} plan[] = { { "bob", 0 }, { "carol", 0 }, { "bob", 1 }, { "bob", 1 }, { "bob", 2 }, { "bob", 2 }, { "bob", 3 } };
	char *path = g_build_filename(dir, "days.db", NULL);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	seal_records_filter day1 = { .peer = "bob", .from_id = 3, .to_id = 4 };
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	int64_t deleted = 0;
	char text[64], *days;
	seal_record rec;

	CHECK(db != NULL);
	if (!db)
		return;
	for (size_t i = 0; i < G_N_ELEMENTS(plan); i++) {
		test_fill_record(&rec, (int)i, text, sizeof text);
		rec.peer = plan[i].peer;
		rec.time_us = TEST_BASE_US + plan[i].day * G_GINT64_CONSTANT(86400000000) + (int64_t)i;
		CHECK(seal_records_append(db, &rec, &error));
		if (i == 4) /* records 1..5 indexed, 6 and 7 not */
			CHECK(seal_records_index_pending(db, &error));
	}
	CHECK_NO_ERROR(error);
	days = list_days(db, "bob");
	CHECK(strcmp(days, "0:1-1 1:3-4 2:5-6 3:7-7 ") == 0);
	printf("bob's days: %s\n", days);
	g_free(days);
	CHECK(seal_records_query(db, &day1, collect_ids, ids, &error) && ids->len == 2 &&
	      g_array_index(ids, int64_t, 0) == 3 && g_array_index(ids, int64_t, 1) == 4);

	CHECK(seal_records_prune(db, TEST_BASE_US + G_GINT64_CONSTANT(86400000000), &deleted, &error) && deleted == 2);
	days = list_days(db, "bob");
	CHECK(strcmp(days, "1:3-4 2:5-6 3:7-7 ") == 0);
	g_free(days);
	days = list_days(db, "carol");
	CHECK(strcmp(days, "") == 0);
	g_free(days);
	seal_records_close(db);
	g_array_free(ids, TRUE);
	g_free(path);
}

static void test_missing_readonly(const char *dir)
{
	char *path = g_build_filename(dir, "does-not-exist.db", NULL);
	GError *error = NULL;
	CHECK(seal_records_open(path, SEAL_RECORDS_OPEN_READONLY, &error) == NULL);
	CHECK(error && error->code == SEAL_RECORDS_ERROR_MISSING && strstr(error->message, path));
	CHECK(!g_file_test(path, G_FILE_TEST_EXISTS));
	g_clear_error(&error);
	g_free(path);
}

/* An older (version 1) database: records and anchor, without the FTS index. */
static void test_migration_from_v1(const char *dir)
{
	char *path = g_build_filename(dir, "v1.db", NULL);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	GArray *ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
	sqlite3 *raw;
	sqlite3_stmt *st;
	int version = -1;

	CHECK(db && test_append_many(db, 20));
	seal_records_close(db);
	/* Make it exactly what version 1 of the schema created. */
	CHECK(test_exec_sql(path, "DROP TRIGGER records_fts_delete; DROP TRIGGER records_fts_update_old;"
				  "DROP TRIGGER records_fts_update_new; DROP TABLE records_fts;"
				  "DROP TABLE search_index; DROP TABLE peer_days; PRAGMA user_version = 1;"));
	db = seal_records_open(path, SEAL_RECORDS_OPEN_READONLY, &error);
	CHECK(db == NULL && error && error->code == SEAL_RECORDS_ERROR_CORRUPT);
	g_clear_error(&error);

	db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK_NO_ERROR(error);
	CHECK(db != NULL);
	if (db) {
		seal_verify_result vr;
		CHECK(seal_records_search(db, "apples", NULL, 0, collect_ids, ids, &error) && ids->len == 20);
		CHECK_NO_ERROR(error);
		CHECK(test_append_many(db, 1));
		CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_OK && vr.checked == 21);
		seal_verify_result_clear(&vr);
		seal_records_close(db);
	}
	CHECK(sqlite3_open(path, &raw) == SQLITE_OK);
	if (sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	CHECK(version == SEAL_RECORDS_SCHEMA_VERSION);
	g_array_free(ids, TRUE);
	g_free(path);
}

static gboolean file_bytes(const char *path, char **data, gsize *len)
{
	return g_file_get_contents(path, data, len, NULL);
}

static void test_newer_schema_untouched(const char *dir)
{
	char *path = g_build_filename(dir, "newer.db", NULL);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	char *before = NULL, *after = NULL;
	gsize before_len = 0, after_len = 0;

	CHECK(db && test_append_many(db, 3));
	seal_records_close(db);
	CHECK(test_exec_sql(path, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;"
				  "PRAGMA user_version = 99;"));
	CHECK(file_bytes(path, &before, &before_len));
	for (int mode = 0; mode < 2; mode++) {
		db = seal_records_open(path, mode ? SEAL_RECORDS_OPEN_READONLY : SEAL_RECORDS_OPEN_READWRITE, &error);
		CHECK(db == NULL);
		CHECK(error && error->code == SEAL_RECORDS_ERROR_NEWER && strstr(error->message, "newer"));
		g_clear_error(&error);
	}
	CHECK(file_bytes(path, &after, &after_len));
	CHECK(before_len == after_len && before_len > 0 && memcmp(before, after, before_len) == 0);
	g_free(before);
	g_free(after);
	g_free(path);
}

static void test_corrupted_files(const char *dir)
{
	char *garbage = g_build_filename(dir, "garbage.db", NULL);
	char *damaged = g_build_filename(dir, "damaged.db", NULL);
	char *foreign = g_build_filename(dir, "foreign.db", NULL);
	GError *error = NULL;
	seal_records *db;
	char noise[8192];
	char *bytes = NULL;
	gsize len = 0;

	for (size_t i = 0; i < sizeof noise; i++)
		noise[i] = (char)(i * 7 + 13);
	CHECK(g_file_set_contents(garbage, noise, sizeof noise, NULL));
	for (int mode = 0; mode < 2; mode++) {
		db = seal_records_open(garbage, mode ? SEAL_RECORDS_OPEN_READONLY : SEAL_RECORDS_OPEN_READWRITE, &error);
		CHECK(db == NULL);
		CHECK(error && error->code == SEAL_RECORDS_ERROR_CORRUPT);
		if (error)
			printf("corrupted file reported as: %s\n", error->message);
		g_clear_error(&error);
	}

	/* A real store whose data pages were overwritten: readers get a clear
	 * error, never a crash. */
	db = seal_records_open(damaged, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK(db && test_append_many(db, 300));
	seal_records_close(db);
	CHECK(test_exec_sql(damaged, "PRAGMA wal_checkpoint(TRUNCATE);"));
	CHECK(g_file_get_contents(damaged, &bytes, &len, NULL) && len > 3 * 4096);
	if (bytes && len > 3 * 4096) {
		memset(bytes + 4096, 0x5a, len - 4096);
		CHECK(g_file_set_contents(damaged, bytes, len, NULL));
	}
	g_free(bytes);
	db = seal_records_open(damaged, SEAL_RECORDS_OPEN_READONLY, &error);
	if (db) {
		seal_verify_result vr;
		CHECK(!seal_records_verify(db, &vr, &error));
		seal_verify_result_clear(&vr);
		seal_records_close(db);
	}
	CHECK(error && error->code == SEAL_RECORDS_ERROR_CORRUPT);
	if (error)
		printf("damaged database reported as: %s\n", error->message);
	g_clear_error(&error);

	/* Some other program's SQLite database is not ours to touch. */
	CHECK(test_exec_sql(foreign, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"));
	CHECK(seal_records_open(foreign, SEAL_RECORDS_OPEN_READWRITE, &error) == NULL);
	CHECK(error && error->code == SEAL_RECORDS_ERROR_CORRUPT);
	g_clear_error(&error);
	g_free(garbage);
	g_free(damaged);
	g_free(foreign);
}

static void test_times(void)
{
	char buf[32];
	int64_t t = 0;

	seal_records_format_time(G_GINT64_CONSTANT(1796058348123456), buf);
	CHECK(strcmp(buf, "2026-11-30T17:05:48.123456Z") == 0);
	seal_records_format_time(-1, buf);
	CHECK(strcmp(buf, "1969-12-31T23:59:59.999999Z") == 0);
	CHECK(seal_records_parse_time("2026-11-01", &t) && t == TEST_BASE_US);
	CHECK(seal_records_parse_time("2026-11-30T17:05:48.123456Z", &t) && t == G_GINT64_CONSTANT(1796058348123456));
	CHECK(seal_records_parse_time("2026-11-30T19:05:48.123456+02:00", &t) &&
	      t == G_GINT64_CONSTANT(1796058348123456));
	CHECK(seal_records_parse_time("2026-11-30T17:05:48", &t) && t == G_GINT64_CONSTANT(1796058348000000));
	CHECK(!seal_records_parse_time("2026-13-01", &t));
	CHECK(!seal_records_parse_time("2026-02-30", &t));
	CHECK(!seal_records_parse_time("yesterday", &t));
	CHECK(!seal_records_parse_time("2026-11-01x", &t));
	CHECK(!seal_records_parse_time("", &t));
}

int main(void)
{
	char *dir = test_tmpdir();
	test_insert_and_query(dir);
	test_search_unindexed(dir);
	test_list_days(dir);
	test_missing_readonly(dir);
	test_migration_from_v1(dir);
	test_newer_schema_untouched(dir);
	test_corrupted_files(dir);
	test_times();
	test_remove_tree(dir);
	g_free(dir);
	return test_finish("records_store");
}
