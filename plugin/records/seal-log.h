/* seal-log: shared between the option parsing (seal-log.c) and the commands. */
#ifndef SEAL_LOG_H
#define SEAL_LOG_H

#include "records.h"

/* Exit codes, documented in --help. */
enum {
	SEAL_LOG_EXIT_OK = 0,
	SEAL_LOG_EXIT_TAMPERED = 1, /* verify found a record altered, inserted, removed or reordered */
	SEAL_LOG_EXIT_USAGE = 2,    /* bad command line or bad date */
	SEAL_LOG_EXIT_DATABASE = 3, /* database missing, locked, damaged or from a newer Seal */
	SEAL_LOG_EXIT_OUTPUT = 4,   /* the output file could not be written */
};

typedef struct {
	char *db_path;
	seal_records_filter filter;
	char *output;   /* -o FILE, NULL = standard output */
	gboolean raw;
	int days;       /* prune --days, -1 = not given */
	int limit;      /* search --limit */
	char *search_text;
} seal_log_options;

/* Prints "seal-log: message" on stderr and returns the exit code for error. */
int seal_log_fail(const GError *error);

int seal_log_export(const seal_log_options *opt);
int seal_log_search(const seal_log_options *opt);
int seal_log_verify(const seal_log_options *opt);
int seal_log_stats(const seal_log_options *opt);
int seal_log_prune(const seal_log_options *opt);

#endif
