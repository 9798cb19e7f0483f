/* CSV export (RFC 4180): a header row, CRLF line ends, UTF-8.
 *
 * Text that comes from outside (account, protocol, peer, alias, text,
 * markup) is always quoted, with embedded quotes doubled; an empty string is
 * written "" so that it differs from an absent value.  Fields Seal generates
 * (numbers, timestamps, names, hex hashes) never hold a comma, quote, CR or
 * LF and are written bare; an unknown sender time is an empty bare field,
 * which PostgreSQL's COPY ... CSV reads as NULL.
 *
 * Unless raw, a quoted cell whose text begins with = + - @ TAB or CR gets a
 * leading apostrophe, so that spreadsheets do not run it as a formula
 * (OWASP "CSV injection", CWE-1236). */
#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "internal.h"

#define FLUSH_AT (256 * 1024)

static const char csv_header[] =
	"id,seq,time,sender_time,account,protocol,kind,peer,peer_alias,direction,encrypted,trust,"
	"text,markup,prev_hash,hash\r\n";

typedef struct {
	FILE *out;
	GString *buf;
	gboolean raw;
	gboolean failed;
	int64_t count;
	int64_t cached_second; /* the last formatted whole second, for speed */
	char cached_stamp[32];
} csv_writer;

static gboolean starts_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

static void put_quoted(csv_writer *w, const char *s)
{
	GString *b = w->buf;
	const char *run;

	if (!s)
		s = "";
	g_string_append_c(b, '"');
	if (!w->raw && starts_formula(s))
		g_string_append_c(b, '\'');
	run = s;
	for (const char *q = strchr(s, '"'); q; q = strchr(run, '"')) {
		g_string_append_len(b, run, q - run + 1);
		g_string_append_c(b, '"');
		run = q + 1;
	}
	g_string_append(b, run);
	g_string_append_c(b, '"');
}

static void put_time(csv_writer *w, int64_t time_us)
{
	int64_t second = time_us >= 0 ? time_us / 1000000 : -((-time_us + 999999) / 1000000);
	int64_t micro = time_us - second * 1000000;

	if (second != w->cached_second) {
		seal_records_format_time(second * 1000000, w->cached_stamp);
		w->cached_stamp[19] = '\0'; /* keep YYYY-MM-DDTHH:MM:SS */
		w->cached_second = second;
	}
	g_string_append_printf(w->buf, "%s.%06dZ", w->cached_stamp, (int)micro);
}

static void put_hex(csv_writer *w, const uint8_t *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		g_string_append_c(w->buf, digits[bytes[i] >> 4]);
		g_string_append_c(w->buf, digits[bytes[i] & 15]);
	}
}

static void flush_buffer(csv_writer *w)
{
	if (w->buf->len && fwrite(w->buf->str, 1, w->buf->len, w->out) != w->buf->len)
		w->failed = TRUE;
	g_string_truncate(w->buf, 0);
}

static void put_row(csv_writer *w, const seal_record *r)
{
	GString *b = w->buf;

	g_string_append_printf(b, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", r->id, r->seq);
	put_time(w, r->time_us);
	g_string_append_c(b, ',');
	if (r->sender_time_us)
		put_time(w, r->sender_time_us);
	g_string_append_c(b, ',');
	put_quoted(w, r->account);
	g_string_append_c(b, ',');
	put_quoted(w, r->protocol);
	g_string_append_printf(b, ",%s,", seal_record_kind_name(r->kind));
	put_quoted(w, r->peer);
	g_string_append_c(b, ',');
	put_quoted(w, r->peer_alias);
	g_string_append_printf(b, ",%s,%s,%s,", seal_record_direction_name(r->direction),
			       r->encrypted ? "true" : "false", seal_record_trust_name(r->trust));
	put_quoted(w, r->text);
	g_string_append_c(b, ',');
	put_quoted(w, r->markup);
	g_string_append_c(b, ',');
	put_hex(w, r->prev_hash, SEAL_RECORDS_HASH_LEN);
	g_string_append_c(b, ',');
	put_hex(w, r->hash, SEAL_RECORDS_HASH_LEN);
	g_string_append(b, "\r\n");
}

static gboolean write_record(const seal_record *rec, void *user_data)
{
	csv_writer *w = user_data;
	put_row(w, rec);
	w->count++;
	if (w->buf->len >= FLUSH_AT)
		flush_buffer(w);
	return !w->failed;
}

int64_t seal_records_export_csv(seal_records *db, const seal_records_filter *filter, FILE *out, gboolean raw,
				GError **error)
{
	csv_writer w = { .out = out, .raw = raw, .cached_second = INT64_MIN };
	gboolean ok;

	w.buf = g_string_sized_new(FLUSH_AT + 64 * 1024);
	g_string_append(w.buf, csv_header);
	ok = seal_records_query(db, filter, write_record, &w, error);
	if (ok) {
		flush_buffer(&w);
		if (fflush(out) != 0)
			w.failed = TRUE;
	}
	g_string_free(w.buf, TRUE);
	if (ok && w.failed) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_OUTPUT,
			    _("Could not write the CSV export: %s"), g_strerror(errno));
		return -1;
	}
	return ok ? w.count : -1;
}
