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

/* A growable output buffer (GString's per-call overhead showed in profiles). */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
} out_buf;

static inline void buf_reserve(out_buf *b, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = MAX(b->cap * 2, b->len + n);
		b->data = g_realloc(b->data, b->cap);
	}
}

static inline void buf_put(out_buf *b, const char *p, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static inline void buf_putc(out_buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
}

static inline void buf_puts(out_buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

typedef struct {
	FILE *out;
	out_buf buf;
	gboolean raw;
	gboolean failed;
	int64_t count;
	int64_t cached_day; /* the last formatted UTC day, for speed */
	char cached_date[32];
} csv_writer;

static gboolean starts_formula(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

static void put_quoted(csv_writer *w, const char *s)
{
	out_buf *b = &w->buf;
	const char *run;

	if (!s)
		s = "";
	buf_putc(b, '"');
	if (!w->raw && starts_formula(s))
		buf_putc(b, '\'');
	run = s;
	for (const char *q = strchr(s, '"'); q; q = strchr(run, '"')) {
		buf_put(b, run, q - run + 1);
		buf_putc(b, '"');
		run = q + 1;
	}
	buf_puts(b, run);
	buf_putc(b, '"');
}

/* Appends the decimal digits of v (printf is the slowest part of an export). */
static void put_int(out_buf *b, int64_t v)
{
	char digits[24];
	int n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do {
		digits[sizeof digits - 1 - n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[sizeof digits - 1 - n++] = '-';
	buf_put(b, digits + sizeof digits - n, n);
}

static void put_digits(char *out, int64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* YYYY-MM-DDTHH:MM:SS.uuuuuuZ; the date part is formatted once per day. */
static void put_time(csv_writer *w, int64_t time_us)
{
	int64_t second = time_us >= 0 ? time_us / 1000000 : -((-time_us + 999999) / 1000000);
	int64_t micro = time_us - second * 1000000;
	int64_t day = second >= 0 ? second / 86400 : -((-second + 86399) / 86400);
	int64_t in_day = second - day * 86400;
	char stamp[27];

	if (day != w->cached_day) {
		seal_records_format_time(day * G_GINT64_CONSTANT(86400000000), w->cached_date);
		w->cached_day = day;
	}
	memcpy(stamp, w->cached_date, 11); /* YYYY-MM-DDT */
	put_digits(stamp + 11, in_day / 3600, 2);
	stamp[13] = ':';
	put_digits(stamp + 14, in_day / 60 % 60, 2);
	stamp[16] = ':';
	put_digits(stamp + 17, in_day % 60, 2);
	stamp[19] = '.';
	put_digits(stamp + 20, micro, 6);
	stamp[26] = 'Z';
	buf_put(&w->buf, stamp, sizeof stamp);
}

static void put_hex(csv_writer *w, const uint8_t *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char hex[2 * SEAL_RECORDS_HASH_LEN];
	len = MIN(len, (size_t)SEAL_RECORDS_HASH_LEN);
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 15];
	}
	buf_put(&w->buf, hex, 2 * len);
}

static void put_name(out_buf *b, const char *name)
{
	buf_puts(b, name);
	buf_putc(b, ',');
}

static void flush_buffer(csv_writer *w)
{
	if (w->buf.len && fwrite(w->buf.data, 1, w->buf.len, w->out) != w->buf.len)
		w->failed = TRUE;
	w->buf.len = 0;
}

static void put_row(csv_writer *w, const seal_record *r)
{
	out_buf *b = &w->buf;

	put_int(b, r->id);
	buf_putc(b, ',');
	put_int(b, r->seq);
	buf_putc(b, ',');
	put_time(w, r->time_us);
	buf_putc(b, ',');
	if (r->sender_time_us)
		put_time(w, r->sender_time_us);
	buf_putc(b, ',');
	put_quoted(w, r->account);
	buf_putc(b, ',');
	put_quoted(w, r->protocol);
	buf_putc(b, ',');
	put_name(b, seal_record_kind_name(r->kind));
	put_quoted(w, r->peer);
	buf_putc(b, ',');
	put_quoted(w, r->peer_alias);
	buf_putc(b, ',');
	put_name(b, seal_record_direction_name(r->direction));
	put_name(b, r->encrypted ? "true" : "false");
	put_name(b, seal_record_trust_name(r->trust));
	put_quoted(w, r->text);
	buf_putc(b, ',');
	put_quoted(w, r->markup);
	buf_putc(b, ',');
	put_hex(w, r->prev_hash, SEAL_RECORDS_HASH_LEN);
	buf_putc(b, ',');
	put_hex(w, r->hash, SEAL_RECORDS_HASH_LEN);
	buf_put(b, "\r\n", 2);
}

static gboolean write_record(const seal_record *rec, void *user_data)
{
	csv_writer *w = user_data;
	put_row(w, rec);
	w->count++;
	if (w->buf.len >= FLUSH_AT)
		flush_buffer(w);
	return !w->failed;
}

int64_t seal_records_export_csv(seal_records *db, const seal_records_filter *filter, FILE *out, gboolean raw,
				GError **error)
{
	csv_writer w = { .out = out, .raw = raw, .cached_day = INT64_MIN };
	gboolean ok;

	buf_reserve(&w.buf, FLUSH_AT + 64 * 1024);
	buf_puts(&w.buf, csv_header);
	ok = seal_records_query(db, filter, write_record, &w, error);
	if (ok) {
		flush_buffer(&w);
		if (fflush(out) != 0)
			w.failed = TRUE;
	}
	g_free(w.buf.data);
	if (ok && w.failed) {
		g_set_error(error, SEAL_RECORDS_ERROR, SEAL_RECORDS_ERROR_OUTPUT,
			    _("Could not write the CSV export: %s"), g_strerror(errno));
		return -1;
	}
	return ok ? w.count : -1;
}
