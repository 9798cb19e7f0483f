/* seal-records-bench [DIR] [RECORDS]: builds a record store of RECORDS
 * (default 1,000,000) generated records in DIR (default: a new temporary
 * directory, removed at the end) and prints:
 *   - for comparison, bare SQLite single-row commits/s on the same disk;
 *   - record writes/s with one transaction per message, through the real
 *     append path (50,000 appends into the empty store, and 10,000 more once
 *     the store is full);
 *   - export of every record to CSV (s, MB/s);
 *   - verify of the whole chain (s);
 *   - full-text search latency (median and worst of 20 queries, ms, 50 hits
 *     at most as seal-log shows). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include "records/records.h"

#define SINGLE_WRITES 50000
#define WRITES_WHEN_FULL 10000
#define BATCH 5000
#define INDEX_EVERY 1000 /* about what the client's 10 s idle timer sees in a busy burst */
#define VOCABULARY 4000
#define SEARCH_LIMIT 50

/* Wall-clock and CPU (user + system) time of this process, in seconds: on a
 * loaded machine the CPU time shows what the work itself costs. */
typedef struct {
	double wall;
	double cpu;
} stopwatch;

static stopwatch now(void)
{
	struct timespec cpu;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
	return (stopwatch){ g_get_monotonic_time() / 1e6, cpu.tv_sec + cpu.tv_nsec / 1e9 };
}

static stopwatch since(stopwatch start)
{
	stopwatch end = now();
	return (stopwatch){ end.wall - start.wall, end.cpu - start.cpu };
}

static const char *const syllables[] = { "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa",
					 "qu", "ri", "do", "fe", "gu", "ho", "ja", "wi", "xe", "yo" };
static char *words[VOCABULARY];
static const char *const peers[] = { "bob@example.org", "carol@example.org", "dave@example.net",
				     "erin@example.com", "frank@example.org", "grace@example.net",
				     "heidi@example.com", "ivan@example.org" };

static void make_vocabulary(void)
{
	for (int i = 0; i < VOCABULARY; i++) {
		int n = i, len = 2 + i % 3;
		GString *w = g_string_new(NULL);
		for (int k = 0; k < len; k++) {
			g_string_append(w, syllables[n % G_N_ELEMENTS(syllables)]);
			n = n / G_N_ELEMENTS(syllables) + k * 7 + 3;
		}
		g_string_append_printf(w, "%d", i % 10);
		words[i] = g_string_free(w, FALSE);
	}
}

/* A Zipf-like word index: small indices are much more frequent. */
static int pick_word(GRand *rng)
{
	double u = g_rand_double(rng);
	return (int)(VOCABULARY * u * u * u) % VOCABULARY;
}

typedef struct {
	char text[256];
	char markup[320];
} generated;

static void generate(seal_record *rec, generated *g, GRand *rng, int64_t i, int64_t base_us)
{
	int nwords = 4 + g_rand_int_range(rng, 0, 12);
	size_t len = 0;

	g->text[0] = '\0';
	for (int k = 0; k < nwords && len + 16 < sizeof g->text; k++)
		len += (size_t)g_snprintf(g->text + len, sizeof g->text - len, "%s%s", k ? " " : "",
					  words[pick_word(rng)]);
	memset(rec, 0, sizeof *rec);
	rec->time_us = base_us + i * 2000000;
	rec->account = "alice@example.org";
	rec->protocol = "prpl-jabber";
	rec->kind = SEAL_RECORD_KIND_IM;
	rec->peer = peers[i % G_N_ELEMENTS(peers)];
	rec->peer_alias = "Contact";
	rec->direction = i % 2 ? SEAL_RECORD_DIR_IN : SEAL_RECORD_DIR_OUT;
	rec->encrypted = i % 4 != 0;
	rec->sender_time_us = rec->encrypted && rec->direction == SEAL_RECORD_DIR_IN ? rec->time_us - 300000 : 0;
	rec->trust = rec->encrypted ? SEAL_RECORD_TRUST_UNVERIFIED : SEAL_RECORD_TRUST_NONE;
	rec->text = g->text;
	if (i % 10 == 0) {
		g_snprintf(g->markup, sizeof g->markup, "<b>%s</b>", g->text);
		rec->markup = g->markup;
	} else {
		rec->markup = g->text;
	}
}

static void die(const char *what, GError *error)
{
	fprintf(stderr, "seal-records-bench: %s: %s\n", what, error ? error->message : "failed");
	exit(1);
}

/* Appends count records one transaction each, as the client does: the
 * full-text indexing the client runs from an idle timer is done every
 * INDEX_EVERY appends outside the timed message path, and timed apart. */
static void single_writes(seal_records *db, GRand *rng, int64_t *next, int count, int64_t base_us)
{
	generated g;
	seal_record rec;
	GError *error = NULL;
	stopwatch appends = { 0, 0 }, indexing = { 0, 0 };

	for (int k = 0; k < count; k++, (*next)++) {
		stopwatch start, took;
		generate(&rec, &g, rng, *next, base_us);
		start = now();
		if (!seal_records_append(db, &rec, &error))
			die("append", error);
		took = since(start);
		appends.wall += took.wall;
		appends.cpu += took.cpu;
		if ((k + 1) % INDEX_EVERY == 0 || k + 1 == count) {
			start = now();
			if (!seal_records_index_pending(db, &error))
				die("index", error);
			took = since(start);
			indexing.wall += took.wall;
			indexing.cpu += took.cpu;
		}
	}
	printf("record writes:        %.0f /s wall, %.0f /s CPU (%d appends, one transaction each, store of %"
	       G_GINT64_FORMAT ")\n",
	       count / appends.wall, count / appends.cpu, count, *next - 1);
	printf("  search indexing:    %.0f records/s wall, %.0f /s CPU (batches of %d, off the message path;"
	       " both together: %.0f /s wall)\n",
	       count / indexing.wall, count / indexing.cpu, INDEX_EVERY, count / (appends.wall + indexing.wall));
}

/* The machine's own figure for comparison: single-row commits of a small
 * row into a bare WAL table (synchronous=NORMAL), no hashing, no index. */
static void baseline_commits(const char *dir, int count)
{
	char *path = g_build_filename(dir, "bench-baseline.db", NULL);
	char *wal = g_strconcat(path, "-wal", NULL), *shm = g_strconcat(path, "-shm", NULL);
	sqlite3 *db = NULL;
	sqlite3_stmt *insert = NULL;
	stopwatch start, took;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			     "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES ('a short message of some fifty bytes or so......')",
			       -1, &insert, NULL) != SQLITE_OK)
		die("baseline", NULL);
	start = now();
	for (int i = 0; i < count; i++) {
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		sqlite3_step(insert);
		sqlite3_reset(insert);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	took = since(start);
	printf("baseline:             %.0f /s wall, %.0f /s CPU (bare SQLite single-row commits, same disk)\n",
	       count / took.wall, count / took.cpu);
	sqlite3_finalize(insert);
	sqlite3_close(db);
	g_unlink(path);
	g_unlink(wal);
	g_unlink(shm);
	g_free(path);
	g_free(wal);
	g_free(shm);
}

static void bulk_fill(seal_records *db, GRand *rng, int64_t *next, int64_t total, int64_t base_us)
{
	seal_record *recs = g_new(seal_record, BATCH);
	generated *gens = g_new(generated, BATCH);
	GError *error = NULL;

	while (*next <= total) {
		size_t n = 0;
		for (; n < BATCH && *next <= total; n++, (*next)++)
			generate(&recs[n], &gens[n], rng, *next, base_us);
		if (!seal_records_append_many(db, recs, n, &error))
			die("bulk append", error);
	}
	g_free(recs);
	g_free(gens);
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static gboolean count_hit(const seal_record *rec, void *user_data)
{
	(void)rec;
	(*(int *)user_data)++;
	return TRUE;
}

static void search_latency(seal_records *db, GRand *rng)
{
	double ms[20];
	int hits_total = 0;
	GError *error = NULL;

	for (int q = 0; q < 20; q++) {
		/* Common, medium and rare words, one and two words per query. */
		int a = q < 7 ? q : q < 14 ? 200 + q * 37 : 2000 + q * 97;
		char *query = q % 3 == 2 ? g_strdup_printf("%s %s", words[a % VOCABULARY], words[pick_word(rng)])
					 : g_strdup(words[a % VOCABULARY]);
		int hits = 0;
		stopwatch start = now();
		if (!seal_records_search(db, query, NULL, SEARCH_LIMIT, count_hit, &hits, &error))
			die("search", error);
		ms[q] = since(start).wall * 1000.0;
		hits_total += hits;
		g_free(query);
	}
	qsort(ms, 20, sizeof ms[0], compare_doubles);
	printf("search:               median %.2f ms, worst %.2f ms (20 queries, %d hits shown in all)\n",
	       (ms[9] + ms[10]) / 2, ms[19], hits_total);
}

int main(int argc, char **argv)
{
	gboolean own_dir = argc < 2;
	char *dir = own_dir ? g_dir_make_tmp("seal-records-bench-XXXXXX", NULL) : g_strdup(argv[1]);
	int64_t total = argc > 2 ? g_ascii_strtoll(argv[2], NULL, 10) : 1000000;
	char *path, *csv_path;
	GRand *rng = g_rand_new_with_seed(20261128);
	GError *error = NULL;
	seal_records *db;
	int64_t next = 1, base_us = g_get_real_time() - total * 2000000;
	stopwatch start, took;
	FILE *out;
	struct stat st;
	seal_verify_result vr;

	if (!dir || total < SINGLE_WRITES + WRITES_WHEN_FULL)
		die("usage: seal-records-bench [DIR] [RECORDS >= 60000]", NULL);
	make_vocabulary();
	path = g_build_filename(dir, "bench-records.db", NULL);
	csv_path = g_build_filename(dir, "bench-records.csv", NULL);
	g_unlink(path);
	if (!(db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error)))
		die("open", error);

	baseline_commits(dir, SINGLE_WRITES);
	single_writes(db, rng, &next, SINGLE_WRITES, base_us);
	start = now();
	bulk_fill(db, rng, &next, total - WRITES_WHEN_FULL, base_us);
	took = since(start);
	printf("bulk fill:            %.1f s wall, %.1f s CPU to %" G_GINT64_FORMAT " records (%d per transaction)\n",
	       took.wall, took.cpu, next - 1, BATCH);
	single_writes(db, rng, &next, WRITES_WHEN_FULL, base_us);

	if (!(out = fopen(csv_path, "wb")))
		die("cannot create the CSV file", NULL);
	start = now();
	if (seal_records_export_csv(db, NULL, out, FALSE, &error) < 0)
		die("export", error);
	fclose(out);
	took = since(start);
	g_stat(csv_path, &st);
	printf("export to CSV:        %.2f s wall, %.2f s CPU, %.0f MB/s (%.0f MB)\n", took.wall, took.cpu,
	       st.st_size / 1e6 / took.wall, st.st_size / 1e6);
	g_unlink(csv_path);

	start = now();
	if (!seal_records_verify(db, &vr, &error) || vr.status != SEAL_VERIFY_OK)
		die("verify", error);
	took = since(start);
	printf("verify:               %.2f s wall, %.2f s CPU (%" G_GINT64_FORMAT " records)\n", took.wall, took.cpu,
	       vr.checked);
	seal_verify_result_clear(&vr);

	search_latency(db, rng);
	g_stat(path, &st);
	printf("database size:        %.0f MB\n", st.st_size / 1e6);
	seal_records_close(db);
	if (own_dir) {
		char *wal = g_strconcat(path, "-wal", NULL), *shm = g_strconcat(path, "-shm", NULL);
		g_unlink(path);
		g_unlink(wal);
		g_unlink(shm);
		g_rmdir(dir);
		g_free(wal);
		g_free(shm);
	}
	g_free(path);
	g_free(csv_path);
	g_free(dir);
	g_rand_free(rng);
	return 0;
}
