/* Small helpers shared by the record store tests (header-only). */
#ifndef SEAL_TEST_RECORDS_UTIL_H
#define SEAL_TEST_RECORDS_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include "records/records.h"

G_GNUC_UNUSED static int test_failures;

#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			test_failures++;                                                 \
		}                                                                        \
	} while (0)

#define CHECK_NO_ERROR(err)                                                                   \
	do {                                                                                  \
		if (err) {                                                                    \
			fprintf(stderr, "%s:%d: unexpected error: %s\n", __FILE__, __LINE__, (err)->message); \
			test_failures++;                                                      \
			g_clear_error(&(err));                                                \
		}                                                                             \
	} while (0)

/* 2026-11-01T00:00:00Z */
#define TEST_BASE_US G_GINT64_CONSTANT(1793491200000000)

G_GNUC_UNUSED static void test_remove_tree(const char *path)
{
	GDir *dir = g_dir_open(path, 0, NULL);
	const char *name;
	if (dir) {
		while ((name = g_dir_read_name(dir))) {
			char *child = g_build_filename(path, name, NULL);
			if (g_file_test(child, G_FILE_TEST_IS_DIR) && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
				test_remove_tree(child);
			else
				g_unlink(child);
			g_free(child);
		}
		g_dir_close(dir);
	}
	g_rmdir(path);
}

static char *test_tmpdir(void)
{
	GError *error = NULL;
	char *dir = g_dir_make_tmp("seal-records-XXXXXX", &error);
	if (!dir) {
		fprintf(stderr, "cannot create a temporary directory: %s\n", error->message);
		exit(2);
	}
	return dir;
}

/* A plausible record number i (texts differ; every 3rd is encrypted). */
G_GNUC_UNUSED static void test_fill_record(seal_record *rec, int i, char *text_buf, size_t text_len)
{
	memset(rec, 0, sizeof *rec);
	g_snprintf(text_buf, text_len, "message number %d about apples", i);
	rec->time_us = TEST_BASE_US + (int64_t)i * 1000000;
	rec->sender_time_us = i % 3 == 0 ? rec->time_us - 1500 : 0;
	rec->account = "alice@example.org";
	rec->protocol = "prpl-jabber";
	rec->kind = SEAL_RECORD_KIND_IM;
	rec->peer = i % 2 ? "bob@example.org" : "carol@example.org";
	rec->peer_alias = i % 2 ? "Bob" : "Carol";
	rec->direction = i % 2 ? SEAL_RECORD_DIR_IN : SEAL_RECORD_DIR_OUT;
	rec->encrypted = i % 3 == 0;
	rec->trust = rec->encrypted ? SEAL_RECORD_TRUST_VERIFIED : SEAL_RECORD_TRUST_NONE;
	rec->text = text_buf;
	rec->markup = text_buf;
}

/* Appends records 1..n; returns FALSE on the first failure. */
G_GNUC_UNUSED static gboolean test_append_many(seal_records *db, int n)
{
	char text[128];
	seal_record rec;
	GError *error = NULL;
	for (int i = 1; i <= n; i++) {
		test_fill_record(&rec, i, text, sizeof text);
		if (!seal_records_append(db, &rec, &error)) {
			fprintf(stderr, "append %d failed: %s\n", i, error->message);
			g_error_free(error);
			return FALSE;
		}
	}
	return TRUE;
}

/* Runs SQL on the database file with a separate connection (the tamperer). */
G_GNUC_UNUSED static gboolean test_exec_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fprintf(stderr, "sql failed (%s): %s\n", sql, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc == SQLITE_OK;
}

G_GNUC_UNUSED static int test_finish(const char *name)
{
	if (test_failures) {
		fprintf(stderr, "%s: %d check(s) failed\n", name, test_failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif
