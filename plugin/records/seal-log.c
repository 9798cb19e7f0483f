/* seal-log: read, search, export, verify and prune Seal's conversation records.
 * Works while Pidgin or Finch is running: readers open the database read-only
 * and wait for a busy writer. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "seal-log.h"

#define DAY_US G_GINT64_CONSTANT(86400000000)

static void print_usage(FILE *out)
{
	fprintf(out, "%s",
		_("Usage: seal-log COMMAND [OPTIONS]\n"
		  "\n"
		  "Commands:\n"
		  "  export [--peer P] [--account A] [--from DATE] [--to DATE] [-o FILE] [--raw]\n"
		  "                  write the records as CSV (RFC 4180, UTF-8, UTC times)\n"
		  "  search TEXT [--peer P] [--account A] [--from DATE] [--to DATE] [--limit N]\n"
		  "                  full-text search, newest first (default limit 50)\n"
		  "  verify          check the hash chain of every record\n"
		  "  stats [filters] messages per contact and per day, encrypted share\n"
		  "  prune --days N  delete records older than N days (keeps the chain verifiable)\n"
		  "\n"
		  "Options:\n"
		  "  --config DIR    use the records of the purple directory DIR (DIR/seal/records.db)\n"
		  "  --db FILE       use the record database FILE\n"
		  "                  (default: ~/.purple/seal/records.db)\n"
		  "  --peer P        only the contact (or chat room) P\n"
		  "  --account A     only the account A\n"
		  "  --from DATE     only records at or after DATE\n"
		  "  --to DATE       only records before DATE (a plain date includes that whole day)\n"
		  "                  DATE is YYYY-MM-DD (UTC) or ISO 8601, e.g. 2026-11-28T17:05:48Z\n"
		  "  -o FILE         export to FILE (created with mode 0600) instead of standard output\n"
		  "  --raw           do not neutralise cells that begin with = + - @ tab or CR\n"
		  "                  (by default they get a leading ' against spreadsheet formulas)\n"
		  "  -h, --help      show this help\n"
		  "\n"
		  "Exit status:\n"
		  "  0  success\n"
		  "  1  verify found a record altered, inserted, removed or reordered\n"
		  "  2  usage error or bad date\n"
		  "  3  the database is missing, locked, damaged or from a newer Seal\n"
		  "  4  the output file could not be written\n"));
}

static int usage_error(const char *message)
{
	fprintf(stderr, "seal-log: %s\n", message);
	fprintf(stderr, "%s\n", _("Try 'seal-log --help' for more information."));
	return SEAL_LOG_EXIT_USAGE;
}

int seal_log_fail(const GError *error)
{
	fprintf(stderr, "seal-log: %s\n", error->message);
	if (error->domain != SEAL_RECORDS_ERROR)
		return SEAL_LOG_EXIT_DATABASE;
	switch (error->code) {
	case SEAL_RECORDS_ERROR_OUTPUT:
		return SEAL_LOG_EXIT_OUTPUT;
	case SEAL_RECORDS_ERROR_INVALID:
		return SEAL_LOG_EXIT_USAGE;
	default:
		return SEAL_LOG_EXIT_DATABASE;
	}
}

static gboolean parse_date_option(const char *text, gboolean is_end, int64_t *time_us)
{
	if (!seal_records_parse_time(text, time_us))
		return FALSE;
	/* "--to 2026-11-28" means up to the end of that day. */
	if (is_end && strlen(text) == 10)
		*time_us += DAY_US;
	return TRUE;
}

static gboolean parse_count(const char *text, int *out)
{
	char *end = NULL;
	long long v = g_ascii_strtoll(text, &end, 10);
	if (!*text || *end || v < 0 || v > 1000000000)
		return FALSE;
	*out = (int)v;
	return TRUE;
}

/* Consumes the value of option argv[*i]; NULL when it is missing. */
static const char *option_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

typedef struct {
	const char *config_dir;
	const char *db;
	const char *command;
	const char *from;
	const char *to;
	gboolean help;
} parsed_args;

/* Returns 0, or the usage error exit code after printing why. */
static int parse_option(int argc, char **argv, int *i, parsed_args *args, seal_log_options *opt)
{
	const char *arg = argv[*i];
	const char *value;
	char *message;
	int rc;

	if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
		args->help = TRUE;
		return 0;
	}
	if (!strcmp(arg, "--raw")) {
		opt->raw = TRUE;
		return 0;
	}
	if (strcmp(arg, "--config") && strcmp(arg, "--db") && strcmp(arg, "--peer") && strcmp(arg, "--account") &&
	    strcmp(arg, "--from") && strcmp(arg, "--to") && strcmp(arg, "-o") && strcmp(arg, "--output") &&
	    strcmp(arg, "--days") && strcmp(arg, "--limit")) {
		message = g_strdup_printf(_("unknown option '%s'"), arg);
		rc = usage_error(message);
		g_free(message);
		return rc;
	}
	if (!(value = option_value(argc, argv, i))) {
		message = g_strdup_printf(_("option '%s' needs a value"), arg);
		rc = usage_error(message);
		g_free(message);
		return rc;
	}
	if (!strcmp(arg, "--config"))
		args->config_dir = value;
	else if (!strcmp(arg, "--db"))
		args->db = value;
	else if (!strcmp(arg, "--peer"))
		opt->filter.peer = value;
	else if (!strcmp(arg, "--account"))
		opt->filter.account = value;
	else if (!strcmp(arg, "--from"))
		args->from = value;
	else if (!strcmp(arg, "--to"))
		args->to = value;
	else if (!strcmp(arg, "-o") || !strcmp(arg, "--output"))
		opt->output = (char *)value;
	else if (!strcmp(arg, "--days") ? !parse_count(value, &opt->days) : !parse_count(value, &opt->limit)) {
		message = g_strdup_printf(_("'%s' needs a whole number, not '%s'"), arg, value);
		rc = usage_error(message);
		g_free(message);
		return rc;
	}
	return 0;
}

static int bad_date(const char *text)
{
	char *message = g_strdup_printf(_("bad date '%s': use YYYY-MM-DD or ISO 8601 such as "
					  "2026-11-28T17:05:48Z"),
					text);
	int rc = usage_error(message);
	g_free(message);
	return rc;
}

static int parse_args(int argc, char **argv, parsed_args *args, seal_log_options *opt)
{
	int rc;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			if ((rc = parse_option(argc, argv, &i, args, opt)) != 0)
				return rc;
		} else if (!args->command) {
			args->command = argv[i];
		} else if (!opt->search_text && !strcmp(args->command, "search")) {
			opt->search_text = argv[i];
		} else {
			char *message = g_strdup_printf(_("unexpected argument '%s'"), argv[i]);
			rc = usage_error(message);
			g_free(message);
			return rc;
		}
	}
	if (args->from && !parse_date_option(args->from, FALSE, &opt->filter.from_us))
		return bad_date(args->from);
	if (args->to && !parse_date_option(args->to, TRUE, &opt->filter.to_us))
		return bad_date(args->to);
	return 0;
}

static char *database_path(const parsed_args *args)
{
	if (args->db)
		return g_strdup(args->db);
	if (args->config_dir)
		return g_build_filename(args->config_dir, "seal", "records.db", NULL);
	return g_build_filename(g_get_home_dir(), ".purple", "seal", "records.db", NULL);
}

static int run_command(const char *command, const seal_log_options *opt)
{
	static const struct {
		const char *name;
		int (*run)(const seal_log_options *);
	} commands[] = {
		{ "export", seal_log_export }, { "search", seal_log_search }, { "verify", seal_log_verify },
		{ "stats", seal_log_stats },   { "prune", seal_log_prune },
	};
	char *message;
	int rc;

	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(command, commands[i].name))
			return commands[i].run(opt);
	message = g_strdup_printf(_("unknown command '%s'"), command);
	rc = usage_error(message);
	g_free(message);
	return rc;
}

int main(int argc, char **argv)
{
	parsed_args args = { 0 };
	seal_log_options opt = { .days = -1, .limit = 50 };
	int rc;

	setlocale(LC_ALL, "");
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	bind_textdomain_codeset(GETTEXT_PACKAGE, "UTF-8");
	textdomain(GETTEXT_PACKAGE);

	if ((rc = parse_args(argc, argv, &args, &opt)) != 0)
		return rc;
	if (args.help) {
		print_usage(stdout);
		return SEAL_LOG_EXIT_OK;
	}
	if (!args.command)
		return usage_error(_("no command given"));
	opt.db_path = database_path(&args);
	rc = run_command(args.command, &opt);
	g_free(opt.db_path);
	return rc;
}
