/* seal-log's commands: export, search, verify, stats, prune. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include "seal-log.h"

#define DAY_US G_GINT64_CONSTANT(86400000000)

static seal_records *open_store(const seal_log_options *opt, seal_records_open_mode mode, int *exit_code)
{
	GError *error = NULL;
	seal_records *db = seal_records_open(opt->db_path, mode, &error);
	if (!db) {
		*exit_code = seal_log_fail(error);
		g_error_free(error);
	}
	return db;
}

/* Creates (or truncates) path with mode 0600.  An existing regular file is
 * made 0600 too; devices and pipes (/dev/stdout, a FIFO) are left alone. */
static FILE *open_output(const char *path, gboolean *regular)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	struct stat st;
	FILE *out;

	if (fd < 0)
		return NULL;
	*regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if ((*regular && fchmod(fd, 0600) != 0) || !(out = fdopen(fd, "wb"))) {
		int saved = errno;
		close(fd);
		errno = saved;
		return NULL;
	}
	return out;
}

static int output_error(const char *path, int err)
{
	char *message = g_strdup_printf(_("cannot write %s: %s"), path, g_strerror(err));
	fprintf(stderr, "seal-log: %s\n", message);
	g_free(message);
	return SEAL_LOG_EXIT_OUTPUT;
}

int seal_log_export(const seal_log_options *opt)
{
	GError *error = NULL;
	int rc = SEAL_LOG_EXIT_OK;
	seal_records *db = open_store(opt, SEAL_RECORDS_OPEN_READONLY, &rc);
	gboolean regular = FALSE;
	FILE *out;
	int64_t count;

	if (!db)
		return rc;
	out = opt->output ? open_output(opt->output, &regular) : stdout;
	if (!out) {
		rc = output_error(opt->output, errno);
		seal_records_close(db);
		return rc;
	}
	count = seal_records_export_csv(db, &opt->filter, out, opt->raw, &error);
	if (opt->output && fclose(out) != 0 && count >= 0) {
		rc = output_error(opt->output, errno);
	} else if (count < 0) {
		rc = seal_log_fail(error);
		g_error_free(error);
	}
	if (rc != SEAL_LOG_EXIT_OK && regular)
		unlink(opt->output); /* no partial export left behind */
	else if (opt->output)
		fprintf(stderr, ngettext("seal-log: exported %lld record to %s\n", "seal-log: exported %lld records to %s\n",
					 (unsigned long)count),
			(long long)count, opt->output);
	seal_records_close(db);
	return rc;
}

/* One line per record: id, time, account, peer, direction, encrypted, text. */
static gboolean print_record_line(const seal_record *rec, void *user_data)
{
	char stamp[32];
	char *text = g_strdup(rec->text ? rec->text : "");
	(void)user_data;

	g_strdelimit(text, "\r\n\t", ' ');
	seal_records_format_time(rec->time_us, stamp);
	printf("#%" G_GINT64_FORMAT " %s %s %s %s%s: %s\n", rec->id, stamp, rec->account ? rec->account : "",
	       rec->peer ? rec->peer : "", seal_record_direction_name(rec->direction),
	       rec->encrypted ? _(" (encrypted)") : "", text);
	g_free(text);
	return TRUE;
}

int seal_log_search(const seal_log_options *opt)
{
	GError *error = NULL;
	int rc = SEAL_LOG_EXIT_OK;
	seal_records *db;

	if (!opt->search_text) {
		fprintf(stderr, "seal-log: %s\n", _("search needs the TEXT to look for"));
		return SEAL_LOG_EXIT_USAGE;
	}
	if (!(db = open_store(opt, SEAL_RECORDS_OPEN_READONLY, &rc)))
		return rc;
	if (!seal_records_search(db, opt->search_text, &opt->filter, opt->limit, print_record_line, NULL, &error)) {
		rc = seal_log_fail(error);
		g_error_free(error);
	}
	seal_records_close(db);
	return rc;
}

int seal_log_verify(const seal_log_options *opt)
{
	GError *error = NULL;
	int rc = SEAL_LOG_EXIT_OK;
	seal_records *db = open_store(opt, SEAL_RECORDS_OPEN_READONLY, &rc);
	seal_verify_result result;

	if (!db)
		return rc;
	if (!seal_records_verify(db, &result, &error)) {
		rc = seal_log_fail(error);
		g_error_free(error);
	} else if (result.status == SEAL_VERIFY_OK) {
		printf("%s: %s\n", _("OK"), result.detail);
	} else {
		printf("%s: %s\n", _("TAMPERED"), result.detail);
		rc = SEAL_LOG_EXIT_TAMPERED;
	}
	seal_verify_result_clear(&result);
	seal_records_close(db);
	return rc;
}

static double percent(int64_t part, int64_t whole)
{
	return whole > 0 ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_counts(const char *title, GPtrArray *counts)
{
	printf("%s\n", title);
	printf("  %-40s %9s %9s %9s %9s %10s\n", _("name"), _("messages"), _("in"), _("out"), _("events"),
	       _("encrypted"));
	for (guint i = 0; i < counts->len; i++) {
		const seal_records_count *c = counts->pdata[i];
		int64_t messages = c->incoming + c->outgoing;
		printf("  %-40s %9" G_GINT64_FORMAT " %9" G_GINT64_FORMAT " %9" G_GINT64_FORMAT " %9" G_GINT64_FORMAT
		       " %9.1f%%\n",
		       c->label, messages, c->incoming, c->outgoing, c->events, percent(c->encrypted, messages));
	}
}

int seal_log_stats(const seal_log_options *opt)
{
	GError *error = NULL;
	int rc = SEAL_LOG_EXIT_OK;
	seal_records *db = open_store(opt, SEAL_RECORDS_OPEN_READONLY, &rc);
	seal_records_stats stats;
	int64_t messages;

	if (!db)
		return rc;
	if (!seal_records_get_stats(db, &opt->filter, &stats, &error)) {
		rc = seal_log_fail(error);
		g_error_free(error);
		seal_records_close(db);
		return rc;
	}
	print_counts(_("Messages per contact:"), stats.per_contact);
	print_counts(_("Messages per day (UTC):"), stats.per_day);
	messages = stats.total.incoming + stats.total.outgoing;
	printf(_("Total: %lld messages (%lld received, %lld sent), %lld events; %.1f%% of messages encrypted\n"),
	       (long long)messages, (long long)stats.total.incoming, (long long)stats.total.outgoing,
	       (long long)stats.total.events, percent(stats.total.encrypted, messages));
	seal_records_stats_clear(&stats);
	seal_records_close(db);
	return rc;
}

int seal_log_prune(const seal_log_options *opt)
{
	GError *error = NULL;
	int rc = SEAL_LOG_EXIT_OK;
	seal_records *db;
	int64_t deleted = 0, cutoff;
	char stamp[32];

	if (opt->days < 0) {
		fprintf(stderr, "seal-log: %s\n", _("prune needs --days N (records older than N days are deleted)"));
		return SEAL_LOG_EXIT_USAGE;
	}
	if (opt->days == 0) {
		printf("%s\n", _("--days 0 keeps records forever: nothing pruned"));
		return SEAL_LOG_EXIT_OK;
	}
	if (!g_file_test(opt->db_path, G_FILE_TEST_EXISTS)) {
		char *message = g_strdup_printf(_("There is no record database at %s"), opt->db_path);
		fprintf(stderr, "seal-log: %s\n", message);
		g_free(message);
		return SEAL_LOG_EXIT_DATABASE;
	}
	if (!(db = open_store(opt, SEAL_RECORDS_OPEN_READWRITE, &rc)))
		return rc;
	cutoff = g_get_real_time() - (int64_t)opt->days * DAY_US;
	if (!seal_records_prune(db, cutoff, &deleted, &error)) {
		rc = seal_log_fail(error);
		g_error_free(error);
	} else {
		seal_records_format_time(cutoff, stamp);
		printf(ngettext("pruned %lld record older than %s\n", "pruned %lld records older than %s\n",
				(unsigned long)deleted),
		       (long long)deleted, stamp);
	}
	seal_records_close(db);
	return rc;
}
