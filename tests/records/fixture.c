/* records-fixture DB: writes a store of awkward records through the real
 * append path, for the CSV, PostgreSQL and seal-log tests.
 *
 * Records (time = 2026-11-01 + n hours unless noted):
 *   texts with commas, quotes, CR/LF, tabs, emoji, control characters,
 *   a lone "\." line, formula-like beginnings (= + - @ TAB CR), an empty
 *   text, HTML markup; peers bob, carol, "+4412345" and a chat room; two
 *   accounts; days 2026-11-01 (7 records), 2026-11-02 (10), 2026-11-05 (2)
 *   and 2026-11-06 (1). */
#include <stdio.h>
#include <string.h>
#include "records/records.h"

#define HOUR_US G_GINT64_CONSTANT(3600000000)
#define BASE_US G_GINT64_CONSTANT(1793491200000000) /* 2026-11-01T00:00:00Z */

typedef struct {
	int64_t offset_us;
	const char *account;
	const char *peer;
	const char *alias;
	seal_record_kind kind;
	seal_record_direction direction;
	int encrypted;
	const char *text;
	const char *markup;
} fixture_record;

static const fixture_record fixtures[] = {
	{ 0, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_OUT, 1,
	  "hello, bob, how are you?", NULL },
	{ HOUR_US + 1, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 1,
	  "He said \"hi\" and \"\"bye\"\"", NULL },
	{ 2 * HOUR_US + 999999, "alice@example.org", "bob@example.org", "Bob, the \"builder\"", SEAL_RECORD_KIND_IM,
	  SEAL_RECORD_DIR_IN, 0, "line one\r\nline two\nline three\rline four", NULL },
	{ 3 * HOUR_US, "alice@example.org", "carol@example.org", "Carol", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_OUT, 1,
	  "col1\tcol2\tcol3", NULL },
	{ 4 * HOUR_US, "alice@example.org", "carol@example.org", "Carol", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 1,
	  "emoji \xF0\x9F\x98\x80\xF0\x9F\x94\x92 \xC3\xBC" "n\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xE4\xB8\xAD\xE6\x96\x87", NULL },
	{ 5 * HOUR_US, "alice@example.org", "carol@example.org", "Carol", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "bin \x01\x02\x03\x7f\x1b[31m red \x1b[0m \\x00 \xEF\xBF\xBD end", NULL },
	{ 6 * HOUR_US, "alice@example.org", "carol@example.org", "Carol", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_OUT, 0,
	  "\\.", NULL },
	{ 24 * HOUR_US, "alice@example.org", "bob@example.org", "=HYPERLINK(\"http://x\")", SEAL_RECORD_KIND_IM,
	  SEAL_RECORD_DIR_IN, 0, "=1+2", NULL },
	{ 25 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "+SUM(A1:A9)", NULL },
	{ 26 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "-3 apples", NULL },
	{ 27 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "@cmd|' /C calc'!A0", NULL },
	{ 28 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "\tstarts with a tab", NULL },
	{ 29 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "\rstarts with a carriage return", NULL },
	{ 30 * HOUR_US, "alice@example.org", "+4412345", "+44 12345", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_OUT, 0,
	  "", NULL },
	{ 31 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_OUT, 1,
	  "bold & bright", "<b>bold</b> &amp; <a href=\"http://e.org/?a=1,b=2\">bright</a>" },
	{ 32 * HOUR_US, "alice@example.org", "bob@example.org", "Bob", SEAL_RECORD_KIND_EVENT, SEAL_RECORD_DIR_EVENT, 0,
	  "Encrypted session started.", NULL },
	{ 33 * HOUR_US, "alice@example.org", "room@conference.example.org", "dave", SEAL_RECORD_KIND_CHAT,
	  SEAL_RECORD_DIR_IN, 0, "  spaced out  ", NULL },
	{ 4 * 24 * HOUR_US, "alice@irc.example.net", "bob", "bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_IN, 0,
	  "zebra crossing on day five", NULL },
	{ 4 * 24 * HOUR_US + 1, "alice@irc.example.net", "bob", "bob", SEAL_RECORD_KIND_IM, SEAL_RECORD_DIR_OUT, 0,
	  "another zebra", NULL },
	/* Last, alone on its day: psql 15's client-side \copy takes a line
	 * holding only "\." as the end of the data even inside a quoted field. */
	{ 5 * 24 * HOUR_US, "alice@example.org", "carol@example.org", "Carol", SEAL_RECORD_KIND_IM,
	  SEAL_RECORD_DIR_OUT, 0, "before\n\\.\nafter", NULL },
};

int main(int argc, char **argv)
{
	GError *error = NULL;
	seal_records *db;

	if (argc != 2) {
		fprintf(stderr, "usage: records-fixture DB\n");
		return 2;
	}
	db = seal_records_open(argv[1], SEAL_RECORDS_OPEN_READWRITE, &error);
	if (!db) {
		fprintf(stderr, "records-fixture: %s\n", error->message);
		return 1;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fixtures); i++) {
		const fixture_record *f = &fixtures[i];
		seal_record rec = {
			.time_us = BASE_US + f->offset_us,
			.sender_time_us = f->encrypted ? BASE_US + f->offset_us - 250000 : 0,
			.account = f->account,
			.protocol = strstr(f->account, "irc") ? "prpl-irc" : "prpl-jabber",
			.kind = f->kind,
			.peer = f->peer,
			.peer_alias = f->alias,
			.direction = f->direction,
			.encrypted = f->encrypted,
			.trust = f->encrypted ? (i % 2 ? SEAL_RECORD_TRUST_VERIFIED : SEAL_RECORD_TRUST_UNVERIFIED)
					      : SEAL_RECORD_TRUST_NONE,
			.text = f->text,
			.markup = f->markup ? f->markup : f->text,
		};
		if (!seal_records_append(db, &rec, &error)) {
			fprintf(stderr, "records-fixture: %s\n", error->message);
			seal_records_close(db);
			return 1;
		}
	}
	seal_records_close(db);
	printf("%zu\n", G_N_ELEMENTS(fixtures));
	return 0;
}
