"""records_cli: seal-log's commands, filters and exit codes."""
import io
import csv
import os
import shutil
import sqlite3
import stat
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from records_testlib import check, finish, make_fixture, seal_log, temp_dir  # noqa: E402

DAY_US = 86_400_000_000
BASE_US = 1793491200000000  # 2026-11-01T00:00:00Z


def export_rows(*args):
    res = seal_log(*args, "export")
    check(res.returncode == 0, f"export {args}: exit {res.returncode} {res.stderr!r}")
    rows = list(csv.reader(io.StringIO(res.stdout.decode("utf-8"), newline="")))
    return rows[1:]


def column(rows, name):
    header = ["id", "seq", "time", "sender_time", "account", "protocol", "kind", "peer", "peer_alias",
              "direction", "encrypted", "trust", "text", "markup", "prev_hash", "hash"]
    i = header.index(name)
    return [r[i] for r in rows]


def test_export_filters(db):
    d = ["--db", db]
    check(len(export_rows(*d)) == 20, "export of everything")
    bob = export_rows(*d, "--peer", "bob@example.org")
    check(len(bob) == 11 and set(column(bob, "peer")) == {"bob@example.org"}, f"--peer: {len(bob)}")
    irc = export_rows(*d, "--account", "alice@irc.example.net")
    check(column(irc, "text") == ["zebra crossing on day five", "another zebra"], "--account")
    day2 = export_rows(*d, "--from", "2026-11-02", "--to", "2026-11-02")
    check(len(day2) == 10 and all(t.startswith("2026-11-02T") for t in column(day2, "time")),
          f"--from/--to a plain day: {len(day2)}")
    # Full ISO 8601: --from is inclusive, --to exclusive, microseconds count.
    iso = export_rows(*d, "--from", "2026-11-01T01:00:00.000001Z", "--to", "2026-11-01T02:00:00.999999Z")
    check(column(iso, "id") == ["2"], f"ISO bounds: {column(iso, 'id')}")
    offset = export_rows(*d, "--from", "2026-11-01T03:00:00+02:00", "--to", "2026-11-01T03:00:00.000002+02:00")
    check(column(offset, "id") == ["2"], f"ISO with offset: {column(offset, 'id')}")
    both = export_rows(*d, "--peer", "bob@example.org", "--from", "2026-11-02", "--to", "2026-11-02")
    check(len(both) == 8, f"peer and date filters together: {len(both)}")
    # --config DIR reads DIR/seal/records.db
    cfg = os.path.join(os.path.dirname(db), "purple")
    os.makedirs(os.path.join(cfg, "seal"))
    shutil.copy(db, os.path.join(cfg, "seal", "records.db"))
    check(len(export_rows("--config", cfg)) == 20, "--config DIR")


def test_search(db):
    res = seal_log("--db", db, "search", "zebra")
    lines = res.stdout.decode().splitlines()
    check(res.returncode == 0 and len(lines) == 2, f"search zebra: {lines}")
    check(len(lines) == 2 and lines[0].startswith("#19 ") and lines[1].startswith("#18 "),
          f"search is newest first: {lines}")
    res = seal_log("--db", db, "search", "zebra", "--peer", "nobody")
    check(res.returncode == 0 and res.stdout == b"", "search with a non-matching filter")
    res = seal_log("--db", db, "search", "ZEBRA crossing", "--limit", "5")
    check(res.returncode == 0 and len(res.stdout.splitlines()) == 1, "search: all words, case-insensitive")
    res = seal_log("--db", db, "search", 'apples" OR (NEAR')
    check(res.returncode == 0, f"search text with FTS syntax is harmless: {res.stderr!r}")
    res = seal_log("--db", db, "search")
    check(res.returncode == 2, "search without text is a usage error")
    res = seal_log("--db", db, "search", "line two")
    check(res.returncode == 0 and b"line one  line two line three line four" in res.stdout, "search output puts a record on one line")


def test_stats(db):
    res = seal_log("--db", db, "stats")
    out = res.stdout.decode()
    check(res.returncode == 0, f"stats exit {res.returncode}")
    check("bob@example.org (alice@example.org)" in out, "stats per contact")
    check("2026-11-02" in out and "2026-11-06" in out, "stats per day")
    # 19 messages and one event; 5 of the messages encrypted.
    check("Total: 19 messages (12 received, 7 sent), 1 events; 26.3% of messages encrypted" in out,
          f"stats totals: {out.splitlines()[-1] if out else ''}")
    res = seal_log("--db", db, "stats", "--peer", "carol@example.org")
    check("Total: 5 messages" in res.stdout.decode(), "stats with a filter")


def test_verify_and_tamper(db):
    res = seal_log("--db", db, "verify")
    check(res.returncode == 0 and res.stdout.startswith(b"OK: all 20 records verify"), f"verify: {res.stdout!r}")
    con = sqlite3.connect(db)
    con.execute("UPDATE records SET text = 'I never said that' WHERE id = 5")
    con.commit()
    con.close()
    res = seal_log("--db", db, "verify")
    check(res.returncode == 1, f"verify after tampering exits 1, not {res.returncode}")
    check(b"record 5 was altered" in res.stdout, f"verify names the record: {res.stdout!r}")


def test_prune(db):
    # Choose --days so that the cutoff falls on 2026-11-03: days 1 and 2 go.
    now_us = int(time.time() * 1_000_000)
    days = (now_us - (BASE_US + 2 * DAY_US)) // DAY_US
    check(days >= 1, "the clock is set before 2026-11-04; the prune test needs a real date")
    if days < 1:
        return
    res = seal_log("--db", db, "prune", "--days", str(days))
    check(res.returncode == 0 and b"pruned 17 records" in res.stdout, f"prune: {res.stdout!r} {res.stderr!r}")
    rows = export_rows("--db", db)
    check(column(rows, "id") == ["18", "19", "20"], f"records left after prune: {column(rows, 'id')}")
    res = seal_log("--db", db, "verify")
    check(res.returncode == 0, f"verify after prune: {res.stdout!r}")
    res = seal_log("--db", db, "prune")
    check(res.returncode == 2, "prune without --days is a usage error")
    res = seal_log("--db", db, "prune", "--days", "0")
    check(res.returncode == 0 and len(export_rows("--db", db)) == 3, "--days 0 keeps everything")


def test_errors(tmp, db):
    for args in (["export", "--from", "2026-13-45"], ["export", "--to", "yesterday"],
                 ["stats", "--from", "2026-11-01T25:00:00Z"], ["bogus"], ["export", "--nope"],
                 ["export", "--peer"], ["prune", "--days", "x"], []):
        res = seal_log("--db", db, *args)
        check(res.returncode == 2, f"{args}: exit {res.returncode}, expected 2")
        check(res.stderr.startswith(b"seal-log: "), f"{args}: one clear line on stderr: {res.stderr!r}")
    res = seal_log("--db", db, "export", "--from", "2026-02-30")
    check(b"bad date '2026-02-30'" in res.stderr, f"bad date message: {res.stderr!r}")

    missing = os.path.join(tmp, "missing.db")
    for cmd in ("export", "verify", "stats", "prune --days 3", "search x"):
        res = seal_log("--db", missing, *cmd.split())
        check(res.returncode == 3 and b"no record database" in res.stderr, f"{cmd} on a missing db: {res.stderr!r}")
    check(not os.path.exists(missing), "a reader created the missing database")
    res = seal_log("--config", os.path.join(tmp, "nowhere"), "verify")
    check(res.returncode == 3, "--config DIR without records")

    garbage = os.path.join(tmp, "garbage.db")
    with open(garbage, "wb") as f:
        f.write(b"this is not a database" * 300)
    res = seal_log("--db", garbage, "verify")
    check(res.returncode == 3 and b"damaged" in res.stderr, f"corrupt db: {res.stderr!r}")

    newer = os.path.join(tmp, "newer.db")
    shutil.copy(db, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 7")
    con.commit()
    con.close()
    res = seal_log("--db", newer, "export")
    check(res.returncode == 3 and b"newer version" in res.stderr, f"newer schema: {res.stderr!r}")

    for out in (os.path.join(tmp, "no-such-dir", "x.csv"), tmp):
        res = seal_log("--db", db, "export", "-o", out)
        check(res.returncode == 4 and b"cannot write" in res.stderr, f"unwritable output {out}: {res.stderr!r}")

    # Exporting to a FIFO (like /dev/stdout) leaves its mode alone.
    fifo = os.path.join(tmp, "fifo")
    os.mkfifo(fifo, 0o644)
    os.chmod(fifo, 0o644)
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    res = seal_log("--db", db, "export", "-o", fifo, timeout=60)
    reader.join(60)
    check(res.returncode == 0 and received and received[0].startswith(b"id,seq,"), "export to a FIFO")
    check(stat.S_IMODE(os.stat(fifo).st_mode) == 0o644, "export changed the mode of a FIFO")

    res = seal_log("--help")
    check(res.returncode == 0 and b"Exit status" in res.stdout, "--help documents the exit codes")


def test_reader_while_writing(db):
    """A writer in the middle of a transaction (the client) does not stop readers."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE anchor SET seq = seq")
    try:
        res = seal_log("--db", db, "verify")
        check(res.returncode == 0, f"verify while a write transaction is open: {res.stdout!r} {res.stderr!r}")
        res = seal_log("--db", db, "export")
        check(res.returncode == 0, "export while a write transaction is open")
    finally:
        con.execute("ROLLBACK")
        con.close()


def test_locked(tmp, db):
    """A database another program holds exclusively: exit 3 after the busy
    timeout, with a clear message."""
    locked = os.path.join(tmp, "locked.db")
    shutil.copy(db, locked)
    con = sqlite3.connect(locked, isolation_level=None)
    try:
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("UPDATE anchor SET seq = seq")
        res = seal_log("--db", locked, "verify", timeout=120)
        check(res.returncode == 3 and b"locked" in res.stderr, f"locked db: {res.returncode} {res.stderr!r}")
    finally:
        con.execute("ROLLBACK")
        con.close()


def main():
    with temp_dir() as tmp:
        db = os.path.join(tmp, "records.db")
        make_fixture(db)
        test_export_filters(db)
        test_search(db)
        test_stats(db)
        test_reader_while_writing(db)
        test_errors(tmp, db)
        test_locked(tmp, db)
        test_verify_and_tamper(db)
        fresh = os.path.join(tmp, "prune.db")
        make_fixture(fresh)
        test_prune(fresh)
    finish("records_cli")


if __name__ == "__main__":
    main()
