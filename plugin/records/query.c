/* Reading the store: filtered queries, full-text search, statistics. */
#include <string.h>
#include <glib/gi18n-lib.h>
#include "internal.h"

#define DAY_US G_GINT64_CONSTANT(86400000000)

/* Parameters are numbered ?101.. so that callers can use ?1.. themselves. */
void seal_records_filter_sql(const seal_records_filter *filter, GString *sql)
{
	if (!filter)
		return;
	if (filter->peer)
		g_string_append(sql, " AND r.peer = ?101");
	if (filter->account)
		g_string_append(sql, " AND r.account = ?102");
	if (filter->from_us)
		g_string_append(sql, " AND r.time_us >= ?103");
	if (filter->to_us)
		g_string_append(sql, " AND r.time_us < ?104");
	if (filter->from_id)
		g_string_append(sql, " AND r.id >= ?105");
	if (filter->to_id)
		g_string_append(sql, " AND r.id <= ?106");
}

void seal_records_filter_bind(const seal_records_filter *filter, sqlite3_stmt *st)
{
	if (!filter)
		return;
	if (filter->peer)
		sqlite3_bind_text(st, 101, filter->peer, -1, SQLITE_STATIC);
	if (filter->account)
		sqlite3_bind_text(st, 102, filter->account, -1, SQLITE_STATIC);
	if (filter->from_us)
		sqlite3_bind_int64(st, 103, filter->from_us);
	if (filter->to_us)
		sqlite3_bind_int64(st, 104, filter->to_us);
	if (filter->from_id)
		sqlite3_bind_int64(st, 105, filter->from_id);
	if (filter->to_id)
		sqlite3_bind_int64(st, 106, filter->to_id);
}

static sqlite3_stmt *prepare_filtered(seal_records *db, const char *head, const seal_records_filter *filter,
				      const char *tail, const char *what, GError **error)
{
	GString *sql = g_string_new(head);
	sqlite3_stmt *st = NULL;
	int rc;

	seal_records_filter_sql(filter, sql);
	g_string_append(sql, tail);
	rc = sqlite3_prepare_v2(db->sql, sql->str, -1, &st, NULL);
	g_string_free(sql, TRUE);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, what);
		return NULL;
	}
	seal_records_filter_bind(filter, st);
	return st;
}

static gboolean run_record_query(seal_records *db, sqlite3_stmt *st, seal_records_fn fn, void *user_data,
				 const char *what, GError **error)
{
	seal_record rec;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		seal_record_from_row(st, &rec);
		if (!fn(&rec, user_data)) {
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		seal_records_set_error(error, db->sql, rc, what);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

gboolean seal_records_query(seal_records *db, const seal_records_filter *filter, seal_records_fn fn,
			    void *user_data, GError **error)
{
	const char *what = _("Could not read the records");
	sqlite3_stmt *st = prepare_filtered(db, "SELECT " SEAL_RECORD_COLUMNS " FROM records r WHERE 1", filter,
					    " ORDER BY r.id", what, error);
	return st && run_record_query(db, st, fn, user_data, what, error);
}

#define MAX_SEARCH_WORDS 32

/* The whitespace-separated words of text (at most MAX_SEARCH_WORDS), or
 * NULL when there is none. */
static GPtrArray *search_words(const char *text)
{
	char **split = g_strsplit_set(text, " \t\r\n", -1);
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);

	for (char **w = split; *w && words->len < MAX_SEARCH_WORDS; w++)
		if (**w)
			g_ptr_array_add(words, g_strdup(*w));
	g_strfreev(split);
	if (!words->len) {
		g_ptr_array_unref(words);
		return NULL;
	}
	return words;
}

/* An FTS5 query in which every word must occur: each word becomes a quoted
 * string, so that no character typed by the user is FTS5 syntax. */
static char *fts_query(GPtrArray *words)
{
	GString *query = g_string_new(NULL);
	for (guint i = 0; i < words->len; i++) {
		if (i)
			g_string_append_c(query, ' ');
		g_string_append_c(query, '"');
		for (const char *c = words->pdata[i]; *c; c++) {
			if (*c == '"')
				g_string_append_c(query, '"');
			g_string_append_c(query, *c);
		}
		g_string_append_c(query, '"');
	}
	return g_string_free(query, FALSE);
}

/* A LIKE pattern matching text that contains word (escape character \). */
static char *like_pattern(const char *word)
{
	GString *p = g_string_new("%");
	for (const char *c = word; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			g_string_append_c(p, '\\');
		g_string_append_c(p, *c);
	}
	g_string_append_c(p, '%');
	return g_string_free(p, FALSE);
}

/* Passes hits on to the caller's function, at most limit of them. */
typedef struct {
	seal_records_fn fn;
	void *user_data;
	int remaining; /* < 0: no limit */
	gboolean stopped;
} search_sink;

static gboolean deliver_hit(const seal_record *rec, void *user_data)
{
	search_sink *sink = user_data;
	if (sink->remaining == 0 || sink->stopped)
		return FALSE;
	if (sink->remaining > 0)
		sink->remaining--;
	if (!sink->fn(rec, sink->user_data))
		sink->stopped = TRUE;
	return !sink->stopped && sink->remaining != 0;
}

static gboolean read_indexed_through(seal_records *db, int64_t *indexed, GError **error)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, "SELECT indexed_through FROM search_index WHERE id = 1", -1, &st, NULL);
	*indexed = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*indexed = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		seal_records_set_error(error, db->sql, rc, _("Could not search the records"));
	return rc == SQLITE_DONE;
}

/* The newest records, not yet in the full-text index: plain substring
 * matching (case-insensitive for ASCII only). */
static gboolean search_unindexed(seal_records *db, GPtrArray *words, int64_t indexed, const seal_records_filter *filter,
				 search_sink *sink, GError **error)
{
	const char *what = _("Could not search the records");
	GString *head = g_string_new("SELECT " SEAL_RECORD_COLUMNS " FROM records r WHERE r.id > ?1");
	sqlite3_stmt *st;

	for (guint i = 0; i < words->len; i++)
		g_string_append_printf(head, " AND r.text LIKE ?%u ESCAPE '\\'", 201 + i);
	st = prepare_filtered(db, head->str, filter, " ORDER BY r.id DESC", what, error);
	g_string_free(head, TRUE);
	if (!st)
		return FALSE;
	sqlite3_bind_int64(st, 1, indexed);
	for (guint i = 0; i < words->len; i++)
		sqlite3_bind_text(st, (int)(201 + i), like_pattern(words->pdata[i]), -1, g_free);
	return run_record_query(db, st, deliver_hit, sink, what, error);
}

static gboolean search_indexed(seal_records *db, GPtrArray *words, const seal_records_filter *filter,
			       search_sink *sink, GError **error)
{
	const char *what = _("Could not search the records");
	sqlite3_stmt *st = prepare_filtered(db,
					    "SELECT " SEAL_RECORD_COLUMNS " FROM records_fts f JOIN records r ON r.id = f.rowid"
					    " WHERE records_fts MATCH ?1",
					    filter, " ORDER BY f.rowid DESC LIMIT ?2", what, error);
	if (!st)
		return FALSE;
	sqlite3_bind_text(st, 1, fts_query(words), -1, g_free);
	sqlite3_bind_int(st, 2, sink->remaining);
	return run_record_query(db, st, deliver_hit, sink, what, error);
}

gboolean seal_records_search(seal_records *db, const char *text, const seal_records_filter *filter, int limit,
			     seal_records_fn fn, void *user_data, GError **error)
{
	search_sink sink = { .fn = fn, .user_data = user_data, .remaining = limit > 0 ? limit : -1 };
	GPtrArray *words = text ? search_words(text) : NULL;
	int64_t indexed = 0;
	gboolean ok;

	if (!words) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_INVALID, _("There is nothing to search for"));
		return FALSE;
	}
	seal_records_index_pending(db, NULL);
	ok = read_indexed_through(db, &indexed, error) &&
	     search_unindexed(db, words, indexed, filter, &sink, error);
	if (ok && sink.remaining != 0 && !sink.stopped)
		ok = search_indexed(db, words, filter, &sink, error);
	g_ptr_array_unref(words);
	return ok;
}

/* Days from peer_days (indexed records) and from the records not yet
 * indexed, merged per day. */
gboolean seal_records_list_days(seal_records *db, const char *account, const char *peer, seal_records_day_fn fn,
				void *user_data, GError **error)
{
	static const char sql[] =
		"SELECT day, min(first_id), max(last_id) FROM ("
		" SELECT day, first_id, last_id FROM peer_days WHERE account = ?1 AND peer = ?2"
		" UNION ALL"
		" SELECT " SEAL_RECORDS_DAY_OF("time_us") ", id, id FROM records"
		"  WHERE id > (SELECT indexed_through FROM search_index) AND account = ?1 AND peer = ?2)"
		" GROUP BY day ORDER BY day";
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, peer, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			fn(sqlite3_column_int64(st, 0) * DAY_US, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
			   user_data);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		seal_records_set_error(error, db->sql, rc, _("Could not read the records"));
		return FALSE;
	}
	return TRUE;
}

static seal_records_count *count_from_row(sqlite3_stmt *st, char *label)
{
	seal_records_count *c = g_new0(seal_records_count, 1);
	c->label = label;
	c->total = sqlite3_column_int64(st, 1);
	c->incoming = sqlite3_column_int64(st, 2);
	c->outgoing = sqlite3_column_int64(st, 3);
	c->events = sqlite3_column_int64(st, 4);
	c->encrypted = sqlite3_column_int64(st, 5);
	return c;
}

static void free_count(gpointer p)
{
	seal_records_count *c = p;
	g_free(c->label);
	g_free(c);
}

#define COUNT_COLUMNS \
	"count(*), sum(r.direction = 0), sum(r.direction = 1), sum(r.direction = 2), sum(r.encrypted != 0)"

static char *contact_label(sqlite3_stmt *st)
{
	return g_strdup_printf("%s (%s)", (const char *)sqlite3_column_text(st, 0),
			       (const char *)sqlite3_column_text(st, 6));
}

static char *day_label(sqlite3_stmt *st)
{
	char stamp[32];
	seal_records_format_time(sqlite3_column_int64(st, 0) * DAY_US, stamp);
	stamp[10] = '\0';
	return g_strdup(stamp);
}

static gboolean collect_counts(seal_records *db, const seal_records_filter *filter, const char *head,
			       const char *tail, char *(*label)(sqlite3_stmt *), GPtrArray *out, GError **error)
{
	const char *what = _("Could not count the records");
	sqlite3_stmt *st = prepare_filtered(db, head, filter, tail, what, error);
	int rc;

	if (!st)
		return FALSE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(out, count_from_row(st, label(st)));
	if (rc != SQLITE_DONE)
		seal_records_set_error(error, db->sql, rc, what);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE;
}

static void sum_counts(GPtrArray *counts, seal_records_count *total)
{
	memset(total, 0, sizeof *total);
	for (guint i = 0; i < counts->len; i++) {
		const seal_records_count *c = counts->pdata[i];
		total->total += c->total;
		total->incoming += c->incoming;
		total->outgoing += c->outgoing;
		total->events += c->events;
		total->encrypted += c->encrypted;
	}
}

gboolean seal_records_get_stats(seal_records *db, const seal_records_filter *filter, seal_records_stats *stats,
				GError **error)
{
	memset(stats, 0, sizeof *stats);
	stats->per_contact = g_ptr_array_new_with_free_func(free_count);
	stats->per_day = g_ptr_array_new_with_free_func(free_count);
	if (!collect_counts(db, filter, "SELECT r.peer, " COUNT_COLUMNS ", r.account FROM records r WHERE 1",
			    " GROUP BY r.account, r.peer ORDER BY count(*) DESC, r.peer", contact_label,
			    stats->per_contact, error) ||
	    !collect_counts(db, filter,
			    "SELECT " SEAL_RECORDS_DAY_OF("r.time_us") " AS day, " COUNT_COLUMNS " FROM records r WHERE 1",
			    " GROUP BY day ORDER BY day", day_label, stats->per_day, error)) {
		seal_records_stats_clear(stats);
		return FALSE;
	}
	sum_counts(stats->per_contact, &stats->total);
	return TRUE;
}

void seal_records_stats_clear(seal_records_stats *stats)
{
	if (stats->per_contact)
		g_ptr_array_unref(stats->per_contact);
	if (stats->per_day)
		g_ptr_array_unref(stats->per_day);
	memset(stats, 0, sizeof *stats);
}
