"""records_postgres: seal-log exports load into a real PostgreSQL server with
COPY ... CSV HEADER, and every field comes back identical.

Two loads: psql's client-side `\\copy typed from FILE csv header` into typed
columns (timestamptz, boolean, bigint) of a --raw export, and the server's
own `COPY plain FROM FILE CSV HEADER` of the default export, which also holds
a record with a line of just "\\." inside a quoted field -- a value psql 15's
\\copy mistakes for the end of the data (the server's parser does not), so
that record is left out of the \\copy load (export --to 2026-11-05).

The test starts its own throwaway server (initdb in a temporary directory,
a free loopback port; as root through `runuser -u postgres`, since postgres
refuses to run as root) and always stops it and removes the directory."""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from records_testlib import (HEADER, check, compare_rows, exit_on_signals, expected_rows, finish,  # noqa: E402
                             make_fixture, parse_csv, seal_log, temp_dir)

COLUMNS_TYPED = """
  id bigint PRIMARY KEY, seq bigint NOT NULL, time timestamptz NOT NULL, sender_time timestamptz,
  account text NOT NULL, protocol text NOT NULL, kind text NOT NULL, peer text NOT NULL,
  peer_alias text NOT NULL, direction text NOT NULL, encrypted boolean NOT NULL, trust text NOT NULL,
  text text NOT NULL, markup text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL"""
COLUMNS_TEXT = ", ".join(f"{h} text" for h in HEADER)
ISO = "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'"
SELECT_TYPED_AS_CSV = (
    "SELECT id, seq, to_char(time AT TIME ZONE 'UTC', " + ISO + "),"
    " coalesce(to_char(sender_time AT TIME ZONE 'UTC', " + ISO + "), ''),"
    " account, protocol, kind, peer, peer_alias, direction,"
    " CASE WHEN encrypted THEN 'true' ELSE 'false' END, trust, text, markup, prev_hash, hash"
    " FROM typed ORDER BY seq")


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        print("PostgreSQL server binaries not found (Debian package postgresql)", file=sys.stderr)
        sys.exit(1)
    return os.path.dirname(found[-1])


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base):
        self.bin = postgres_bin()
        self.base = base
        self.data = os.path.join(base, "data")
        self.log = os.path.join(base, "server.log")
        self.as_root = os.geteuid() == 0
        self.started = False
        self.port = None

    def run_as_owner(self, *args):
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self):
        if self.as_root:
            pw = pwd.getpwnam("postgres")
            os.chown(self.base, pw.pw_uid, pw.pw_gid)
        res = self.run_as_owner(f"{self.bin}/initdb", "-D", self.data, "-A", "trust", "-U", "seal",
                                "-E", "UTF8", "--no-locale")
        if res.returncode != 0:
            raise RuntimeError("initdb failed: " + res.stdout + res.stderr)
        for _ in range(5):  # another process may grab the free port first
            self.port = free_port()
            res = self.run_as_owner(
                f"{self.bin}/pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60",
                "-o", f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1", "start")
            if res.returncode == 0:
                self.started = True
                return
        log = open(self.log).read() if os.path.exists(self.log) else ""
        raise RuntimeError("pg_ctl start failed: " + res.stdout + res.stderr + log)

    def stop(self):
        if self.started:
            self.run_as_owner(f"{self.bin}/pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            self.started = False

    def psql(self, script):
        res = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
             "-U", "seal", "-d", "postgres", "-At"],
            input=script, capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            raise RuntimeError("psql failed: " + res.stderr)
        return res.stdout


def psql_path(path):
    return path.replace("'", "''")


def export(db, path, raw, *filters):
    res = seal_log("--db", db, "export", "-o", path, *(["--raw"] if raw else []), *filters)
    check(res.returncode == 0, f"export exit {res.returncode}: {res.stderr!r}")


def main():
    exit_on_signals()
    with temp_dir() as tmp:
        os.chmod(tmp, 0o755)
        db = os.path.join(tmp, "records.db")
        make_fixture(db)
        raw_csv = os.path.join(tmp, "raw.csv")
        safe_csv = os.path.join(tmp, "safe.csv")
        export(db, raw_csv, True, "--to", "2026-11-05")
        export(db, safe_csv, False)
        os.chmod(safe_csv, 0o644)  # read by the server process itself
        back_typed = os.path.join(tmp, "back-typed.csv")
        back_text = os.path.join(tmp, "back-text.csv")
        pg_base = os.path.join(tmp, "pg")
        os.mkdir(pg_base)
        server = Server(pg_base)
        try:
            server.start()
            server.psql(
                f"CREATE TABLE typed ({COLUMNS_TYPED});\n"
                f"CREATE TABLE plain ({COLUMNS_TEXT});\n"
                f"\\copy typed from '{psql_path(raw_csv)}' csv header\n"
                f"COPY plain FROM '{psql_path(safe_csv)}' CSV HEADER;\n"
                f"\\copy ({SELECT_TYPED_AS_CSV}) to '{psql_path(back_typed)}' csv\n"
                f"\\copy (SELECT * FROM plain ORDER BY seq::bigint) to '{psql_path(back_text)}' csv\n")
            nulls = server.psql("SELECT count(*) FROM typed WHERE sender_time IS NULL;").strip()
            times = server.psql("SELECT count(*) FROM typed WHERE sender_time IS NOT NULL"
                                " AND sender_time < time;").strip()
        finally:
            server.stop()
        day6_us = 1793491200000000 + 5 * 86400000000
        want_raw = expected_rows(db, raw=True, where="time_us < ?", params=(day6_us,))
        check(len(want_raw) == 19, f"the --to export should hold 19 records, not {len(want_raw)}")
        compare_rows(parse_csv(back_typed), want_raw, "PostgreSQL typed table (--raw export)")
        compare_rows(parse_csv(back_text), expected_rows(db, raw=False), "PostgreSQL text table (default export)")
        want_nulls = sum(1 for r in want_raw if r[HEADER.index("sender_time")] == "")
        check(nulls == str(want_nulls), f"{nulls} NULL sender times in PostgreSQL, expected {want_nulls}")
        check(times == str(len(want_raw) - want_nulls), f"sender times not parsed as earlier instants: {times}")
    check(not os.path.exists(pg_base), "temporary server directory left behind")
    finish("records_postgres")


if __name__ == "__main__":
    main()
