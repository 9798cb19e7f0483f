/* Hash chain: verification catches an edited body, a deleted row, an inserted
 * row, reordered rows, a rehashed edit; passes after pruning; pruning never
 * erases tampered records. */
#include "testutil.h"

#define N 50

static char *fresh_store(const char *dir, const char *name, int count)
{
	char *path = g_build_filename(dir, name, NULL);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK_NO_ERROR(error);
	CHECK(db && test_append_many(db, count));
	seal_records_close(db);
	return path;
}

/* Verifies path read-only; fills result. */
static void verify_file(const char *path, seal_verify_result *vr)
{
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READONLY, &error);
	memset(vr, 0, sizeof *vr);
	vr->status = (seal_verify_status)-1;
	CHECK_NO_ERROR(error);
	if (!db)
		return;
	CHECK(seal_records_verify(db, vr, &error));
	CHECK_NO_ERROR(error);
	seal_records_close(db);
}

static void expect(const char *dir, const char *name, const char *tamper_sql, seal_verify_status status,
		   int64_t id, int64_t seq)
{
	char *path = fresh_store(dir, name, N);
	seal_verify_result vr;

	verify_file(path, &vr);
	CHECK(vr.status == SEAL_VERIFY_OK && vr.checked == N);
	seal_verify_result_clear(&vr);
	CHECK(test_exec_sql(path, tamper_sql));
	verify_file(path, &vr);
	printf("%-10s -> %s\n", name, vr.detail ? vr.detail : "(none)");
	if (vr.status != status || vr.id != id || vr.seq != seq) {
		fprintf(stderr, "%s: expected status %d id %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT
				", got status %d id %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT "\n",
			name, status, id, seq, vr.status, vr.id, vr.seq);
		test_failures++;
	}
	seal_verify_result_clear(&vr);
	g_free(path);
}

static void test_tampering(const char *dir)
{
	expect(dir, "edited.db", "UPDATE records SET text = 'message number 20 about pears' WHERE id = 20",
	       SEAL_VERIFY_ALTERED, 20, 20);
	expect(dir, "flag.db", "UPDATE records SET encrypted = 1 - encrypted WHERE id = 7", SEAL_VERIFY_ALTERED, 7, 7);
	expect(dir, "time.db", "UPDATE records SET time_us = time_us + 1 WHERE id = 33", SEAL_VERIFY_ALTERED, 33, 33);
	expect(dir, "deleted.db", "DELETE FROM records WHERE id = 25", SEAL_VERIFY_REMOVED, 26, 25);
	expect(dir, "deleted3.db", "DELETE FROM records WHERE id BETWEEN 25 AND 27", SEAL_VERIFY_REMOVED, 28, 25);
	/* Deleted and the later records renumbered to hide the gap. */
	expect(dir, "renumber.db",
	       "DELETE FROM records WHERE id = 25;"
	       "UPDATE records SET id = -(id - 1), seq = -(seq - 1) WHERE id > 25;"
	       "UPDATE records SET id = -id, seq = -seq WHERE id < 0;",
	       SEAL_VERIFY_REMOVED, 25, 25);
	/* Inserted in the middle (later records moved up) by a forger who
	 * copies the chain's previous hash but cannot produce a matching hash. */
	expect(dir, "inserted.db",
	       "UPDATE records SET id = -(id + 1), seq = -(seq + 1) WHERE id >= 30;"
	       "UPDATE records SET id = -id, seq = -seq WHERE id < 0;"
	       "INSERT INTO records (id, seq, time_us, account, protocol, kind, peer, peer_alias, direction,"
	       " encrypted, trust, text, markup, prev_hash, hash)"
	       " SELECT 30, 30, time_us + 1, account, protocol, kind, peer, peer_alias, direction, encrypted, trust,"
	       " 'forged', 'forged', hash, randomblob(32) FROM records WHERE id = 29",
	       SEAL_VERIFY_INSERTED, 30, 30);
	/* A copy of record 10 added at the end. */
	expect(dir, "copied.db",
	       "INSERT INTO records SELECT 51, seq, time_us, sender_time_us, account, protocol, kind, peer,"
	       " peer_alias, direction, encrypted, trust, text, markup, prev_hash, hash FROM records WHERE id = 10",
	       SEAL_VERIFY_INSERTED, N + 1, N + 1);
	/* Two records swapped places. */
	expect(dir, "swapped.db",
	       "UPDATE records SET id = -1 WHERE id = 12; UPDATE records SET id = 12 WHERE id = 13;"
	       "UPDATE records SET id = 13 WHERE id = -1;",
	       SEAL_VERIFY_REORDERED, 12, 12);
	/* Only the sequence numbers of two records exchanged: their content changed. */
	expect(dir, "seqswap.db",
	       "UPDATE records SET seq = 13 WHERE id = 12; UPDATE records SET seq = 12 WHERE id = 13;",
	       SEAL_VERIFY_ALTERED, 12, 12);
	/* An edit whose hash the forger recomputed is caught at the next record. */
	expect(dir, "rehashed.db", "UPDATE records SET hash = randomblob(32) WHERE id = 40", SEAL_VERIFY_ALTERED, 40,
	       40);
}

/* The forger edits record 40 and recomputes its hash correctly with the
 * store's own function (through a second store that holds the same fields):
 * record 41 no longer follows it. */
static void test_rehashed_edit(const char *dir)
{
	char *path = fresh_store(dir, "recomputed.db", N);
	char *scratch = fresh_store(dir, "scratch.db", 39);
	GError *error = NULL;
	seal_records *db = seal_records_open(scratch, SEAL_RECORDS_OPEN_READWRITE, &error);
	char text[128];
	seal_record rec;
	seal_verify_result vr;
	char *sql;

	/* The scratch store's record 40 has the same predecessor hash as the
	 * real one (same 39 records) but a different text. */
	test_fill_record(&rec, 40, text, sizeof text);
	rec.text = "message number 40 about pears";
	CHECK(db && seal_records_append(db, &rec, &error));
	CHECK_NO_ERROR(error);
	seal_records_close(db);
	sql = g_strdup_printf("ATTACH '%s' AS s; UPDATE records SET text = (SELECT text FROM s.records WHERE id = 40),"
			      " hash = (SELECT hash FROM s.records WHERE id = 40) WHERE id = 40;",
			      scratch);
	CHECK(test_exec_sql(path, sql));
	verify_file(path, &vr);
	printf("recomputed -> %s\n", vr.detail ? vr.detail : "(none)");
	CHECK(vr.status == SEAL_VERIFY_ALTERED && vr.id == 40 && vr.seq == 40);
	seal_verify_result_clear(&vr);
	g_free(sql);
	g_free(scratch);
	g_free(path);
}

static void test_prune(const char *dir)
{
	char *path = fresh_store(dir, "prune.db", N);
	GError *error = NULL;
	seal_records *db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	int64_t deleted = -1;
	seal_verify_result vr;

	/* Record i has time BASE + i s: everything before BASE + 21 s goes. */
	CHECK(db && seal_records_prune(db, TEST_BASE_US + 21 * 1000000, &deleted, &error));
	CHECK_NO_ERROR(error);
	CHECK(deleted == 20);
	CHECK(seal_records_verify(db, &vr, &error));
	CHECK(vr.status == SEAL_VERIFY_OK && vr.checked == N - 20 && vr.anchor_seq == 20);
	seal_verify_result_clear(&vr);
	/* Pruning again with the same cutoff deletes nothing; appends continue the chain. */
	CHECK(seal_records_prune(db, TEST_BASE_US + 21 * 1000000, &deleted, &error) && deleted == 0);
	CHECK(test_append_many(db, 5));
	CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_OK && vr.checked == N - 20 + 5);
	seal_verify_result_clear(&vr);
	seal_records_close(db);

	/* Removing the anchor is detected. */
	CHECK(test_exec_sql(path, "DELETE FROM anchor"));
	verify_file(path, &vr);
	printf("no anchor  -> %s\n", vr.detail ? vr.detail : "(none)");
	CHECK(vr.status == SEAL_VERIFY_REMOVED && vr.seq == 1);
	seal_verify_result_clear(&vr);

	/* Pruning everything leaves an empty chain that still verifies, and new
	 * records follow the anchor. */
	g_free(path);
	path = fresh_store(dir, "prune-all.db", 10);
	db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK(db && seal_records_prune(db, TEST_BASE_US + 1000 * 1000000LL, &deleted, &error) && deleted == 10);
	CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_OK && vr.checked == 0);
	seal_verify_result_clear(&vr);
	CHECK(test_append_many(db, 2));
	CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_OK && vr.checked == 2 &&
	      vr.last_seq == 12);
	seal_verify_result_clear(&vr);
	seal_records_close(db);
	g_free(path);

	/* Pruning refuses to delete tampered records (that would hide the evidence). */
	path = fresh_store(dir, "prune-tampered.db", N);
	CHECK(test_exec_sql(path, "UPDATE records SET text = 'edited' WHERE id = 5"));
	db = seal_records_open(path, SEAL_RECORDS_OPEN_READWRITE, &error);
	CHECK(db && !seal_records_prune(db, TEST_BASE_US + 21 * 1000000, &deleted, &error));
	CHECK(error && deleted == 0);
	if (error)
		printf("prune of tampered records -> %s\n", error->message);
	g_clear_error(&error);
	CHECK(seal_records_verify(db, &vr, &error) && vr.status == SEAL_VERIFY_ALTERED && vr.id == 5);
	seal_verify_result_clear(&vr);
	seal_records_close(db);
	g_free(path);
}

int main(void)
{
	char *dir = test_tmpdir();
	test_tampering(dir);
	test_rehashed_edit(dir);
	test_prune(dir);
	test_remove_tree(dir);
	g_free(dir);
	return test_finish("records_chain");
}
