/* ISO 8601 UTC timestamps with microseconds. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "records.h"

void seal_records_format_time(int64_t time_us, char buf[32])
{
	int64_t second = time_us >= 0 ? time_us / 1000000 : -((-time_us + 999999) / 1000000);
	int micro = (int)(time_us - second * 1000000);
	time_t t = (time_t)second;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
		g_strlcpy(buf, "0000-00-00T00:00:00.000000Z", 32);
		return;
	}
	g_snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		   tm.tm_hour, tm.tm_min, tm.tm_sec, micro);
}

/* YYYY-MM-DD exactly, as midnight UTC. */
static gboolean parse_plain_date(const char *text, int64_t *time_us)
{
	unsigned year, month, day;
	GDateTime *dt;
	int end = 0;

	if (strlen(text) != 10 || sscanf(text, "%4u-%2u-%2u%n", &year, &month, &day, &end) != 3 || end != 10 ||
	    text[4] != '-' || text[7] != '-')
		return FALSE;
	if (!g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year))
		return FALSE;
	dt = g_date_time_new_utc((gint)year, (gint)month, (gint)day, 0, 0, 0);
	if (!dt)
		return FALSE;
	*time_us = g_date_time_to_unix(dt) * 1000000;
	g_date_time_unref(dt);
	return TRUE;
}

gboolean seal_records_parse_time(const char *text, int64_t *time_us)
{
	GTimeZone *utc;
	GDateTime *dt;

	if (!text || !*text)
		return FALSE;
	if (parse_plain_date(text, time_us))
		return TRUE;
	if (!strchr(text, 'T') && !strchr(text, 't'))
		return FALSE;
	utc = g_time_zone_new_utc();
	dt = g_date_time_new_from_iso8601(text, utc);
	g_time_zone_unref(utc);
	if (!dt)
		return FALSE;
	*time_us = g_date_time_to_unix(dt) * 1000000 + g_date_time_get_microsecond(dt);
	g_date_time_unref(dt);
	return TRUE;
}
