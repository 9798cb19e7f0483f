/* Durability of the store:
 *  - kill -9: a child appends records and reports each committed id; the
 *    parent SIGKILLs it mid-run.  Every acknowledged record must be present
 *    and the chain must verify (three rounds on the same database).
 *  - disk full: a child runs under RLIMIT_FSIZE (SIGXFSZ ignored) until
 *    appends fail.  The error must be clear (code FULL), the child must not
 *    crash, nothing already recorded may be lost, the chain must verify and
 *    appends must work again once space is back. */
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"

static void write_line(int fd, const char *line)
{
	size_t len = strlen(line), off = 0;
	while (off < len) {
		ssize_t n = write(fd, line + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			_exit(3);
		off += (size_t)n;
	}
}

/* Child: append until killed (or max records), print "id\n" after each commit. */
static void append_and_acknowledge(const char *path, int fd, int max, const char *text)
{
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	char line[256], numbered[128];
	seal_record rec;
	int failures = 0;

	if (!db) {
		g_snprintf(line, sizeof line, "open-error %d %s\n", error->code, error->message);
		write_line(fd, line);
		_exit(4);
	}
	for (int i = 1; i <= max && failures < 2; i++) {
		test_fill_record(&rec, i, numbered, sizeof numbered);
		if (text)
			rec.text = rec.markup = text;
		if (seal_records_append(db, &rec, &error)) {
			g_snprintf(line, sizeof line, "%" G_GINT64_FORMAT "\n", rec.id);
		} else {
			/* Report, then try once more: the second failure must be as clean. */
			g_strdelimit(error->message, "\n", ' ');
			g_snprintf(line, sizeof line, "error %d %s\n", error->code, error->message);
			g_clear_error(&error);
			failures++;
		}
		write_line(fd, line);
	}
	seal_records_close(db);
	_exit(0);
}

typedef struct {
	GHashTable *acknowledged; /* ids */
	int errors;
	int full_errors;
	char *first_error;
} child_report;

static void read_report(int fd, child_report *report, int kill_after, pid_t child)
{
	GString *pending = g_string_new(NULL);
	char buf[4096];
	ssize_t n;
	int lines = 0;

	while ((n = read(fd, buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		g_string_append_len(pending, buf, n);
		char *nl;
		while ((nl = strchr(pending->str, '\n'))) {
			*nl = '\0';
			if (g_str_has_prefix(pending->str, "error ") || g_str_has_prefix(pending->str, "open-error ")) {
				int code = atoi(strchr(pending->str, ' ') + 1);
				report->errors++;
				report->full_errors += code == SEAL_RECORDS_ERROR_FULL;
				if (!report->first_error)
					report->first_error = g_strdup(pending->str);
			} else {
				int64_t id = g_ascii_strtoll(pending->str, NULL, 10);
				g_hash_table_add(report->acknowledged, g_memdup2(&id, sizeof id));
			}
			g_string_erase(pending, 0, nl - pending->str + 1);
			if (++lines == kill_after)
				kill(child, SIGKILL);
		}
	}
	g_string_free(pending, TRUE);
}

static gboolean remove_present(const seal_record *rec, void *user_data)
{
	g_hash_table_remove((GHashTable *)user_data, &rec->id);
	return TRUE;
}

static gboolean count_hit(const seal_record *rec, void *user_data)
{
	(void)rec;
	(*(int64_t *)user_data)++;
	return TRUE;
}

/* Every acknowledged id is in the store, and the chain verifies. */
static void check_store(const char *path, GHashTable *acknowledged)
{
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	seal_verify_result vr;
	guint expected = g_hash_table_size(acknowledged);

	CHECK_NO_ERROR(error);
	if (!db)
		return;
	CHECK(seal_records_query(db, NULL, remove_present, acknowledged, &error));
	CHECK_NO_ERROR(error);
	if (g_hash_table_size(acknowledged) != 0)
		fprintf(stderr, "%u of %u acknowledged records are missing\n", g_hash_table_size(acknowledged),
			expected);
	CHECK(g_hash_table_size(acknowledged) == 0);
	CHECK(seal_records_verify(db, &vr, &error));
	CHECK_NO_ERROR(error);
	CHECK(vr.status == SEAL_VERIFY_OK);
	printf("  verify: %s\n", vr.detail ? vr.detail : "(none)");
	/* The search index caught up on open and matches the records. */
	{
		int64_t hits = 0;
		CHECK(seal_records_search(db, "apples", NULL, 0, count_hit, &hits, &error));
		CHECK_NO_ERROR(error);
		CHECK(hits == vr.checked);
	}
	seal_verify_result_clear(&vr);
	seal_records_close(db);
	CHECK(test_exec_sql(path, "INSERT INTO records_fts(records_fts) VALUES ('integrity-check')"));
}

static void test_kill9(const char *dir)
{
	char *path = g_build_filename(dir, "kill9.db", NULL);

	for (int round = 0; round < 3; round++) {
		int fds[2];
		child_report report = { .acknowledged = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL) };
		int status = 0;
		pid_t pid;

		CHECK(pipe(fds) == 0);
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			append_and_acknowledge(path, fds[1], 1000000, NULL);
		}
		close(fds[1]);
		/* Kill after a number of acknowledgements that differs per round. */
		read_report(fds[0], &report, 300 + round * 700, pid);
		close(fds[0]);
		CHECK(waitpid(pid, &status, 0) == pid);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		CHECK(report.errors == 0);
		printf("round %d: %u records acknowledged before SIGKILL\n", round,
		       g_hash_table_size(report.acknowledged));
		CHECK(g_hash_table_size(report.acknowledged) >= (guint)(300 + round * 700));
		check_store(path, report.acknowledged);
		g_hash_table_destroy(report.acknowledged);
		g_free(report.first_error);
	}
	g_free(path);
}

static off_t file_size(const char *path)
{
	struct stat st;
	return g_stat(path, &st) == 0 ? st.st_size : 0;
}

static void test_disk_full(const char *dir)
{
	char *path = g_build_filename(dir, "full.db", NULL);
	char *wal = g_strconcat(path, "-wal", NULL);
	char *filler = g_strnfill(3000, 'x');
	char *big = g_strconcat("apples ", filler, NULL);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	child_report report = { .acknowledged = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL) };
	int fds[2], status = 0;
	pid_t pid;

	CHECK(db && test_append_many(db, 100));
	seal_records_close(db);
	CHECK(pipe(fds) == 0);
	pid = fork();
	if (pid == 0) {
		off_t limit = MAX(file_size(path), file_size(wal)) + 200 * 1024;
		struct rlimit rl = { .rlim_cur = (rlim_t)limit, .rlim_max = (rlim_t)limit };
		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(5);
		append_and_acknowledge(path, fds[1], 100000, big);
	}
	close(fds[1]);
	read_report(fds[0], &report, -1, pid);
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	printf("disk full: %u records acknowledged, then: %s\n", g_hash_table_size(report.acknowledged),
	       report.first_error ? report.first_error : "(no error)");
	CHECK(report.errors == 2 && report.full_errors == 2);
	CHECK(report.first_error && strstr(report.first_error, "disk is full"));
	CHECK(g_hash_table_size(report.acknowledged) > 0);

	/* Add the 100 records written before the limit to what must survive. */
	for (int64_t id = 1; id <= 100; id++)
		g_hash_table_add(report.acknowledged, g_memdup2(&id, sizeof id));
	check_store(path, report.acknowledged);

	db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK(db && test_append_many(db, 5));
	if (db) {
		seal_verify_result vr;
		CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_OK);
		seal_verify_result_clear(&vr);
		seal_records_close(db);
	}
	g_hash_table_destroy(report.acknowledged);
	g_free(report.first_error);
	g_free(big);
	g_free(filler);
	g_free(wal);
	g_free(path);
}

int main(void)
{
	char *dir = test_tmpdir();
	setvbuf(stdout, NULL, _IONBF, 0);
	test_kill9(dir);
	test_disk_full(dir);
	test_remove_tree(dir);
	g_free(dir);
	return test_finish("records_durability");
}
