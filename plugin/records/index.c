/* The full-text search index, brought up to date in batches (see
 * seal_records_index_pending in records.h).  search_index.indexed_through
 * says how far the index goes; searches look at newer records directly. */
#include <glib/gi18n-lib.h>
#include "internal.h"

gboolean seal_records_index_pending(seal_records *db, GError **error)
{
	static const char sql[] =
		"BEGIN IMMEDIATE;"
		"INSERT INTO records_fts(rowid, text) SELECT id, text FROM records"
		" WHERE id > (SELECT indexed_through FROM search_index) ORDER BY id;"
		"INSERT INTO peer_days (account, peer, day, first_id, last_id)"
		" SELECT account, peer, " SEAL_RECORDS_DAY_OF("time_us") ", min(id), max(id) FROM records"
		" WHERE id > (SELECT indexed_through FROM search_index) GROUP BY 1, 2, 3"
		" ON CONFLICT (account, peer, day) DO UPDATE SET first_id = min(first_id, excluded.first_id),"
		" last_id = max(last_id, excluded.last_id);"
		"UPDATE search_index SET indexed_through ="
		" max(indexed_through, coalesce((SELECT max(id) FROM records), 0));"
		"COMMIT;";
	int rc;

	if (db->readonly)
		return TRUE;
	rc = sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		seal_records_set_error(error, db->sql, rc, _("Could not update the search index"));
		if (!sqlite3_get_autocommit(db->sql))
			sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return FALSE;
	}
	db->unindexed = 0;
	return TRUE;
}

int64_t seal_records_unindexed(const seal_records *db)
{
	return db ? db->unindexed : 0;
}
