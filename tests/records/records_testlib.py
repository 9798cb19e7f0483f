"""Helpers for the records_* Python tests: fixture store, expected CSV rows."""
import contextlib
import csv
import datetime
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

SEAL_LOG = os.environ.get("SEAL_LOG", "seal-log")
RECORDS_FIXTURE = os.environ.get("RECORDS_FIXTURE", "records-fixture")

HEADER = ["id", "seq", "time", "sender_time", "account", "protocol", "kind", "peer", "peer_alias",
          "direction", "encrypted", "trust", "text", "markup", "prev_hash", "hash"]
EXTERNAL_TEXT = {"account", "protocol", "peer", "peer_alias", "text", "markup"}
KINDS = {0: "im", 1: "chat", 2: "event"}
DIRECTIONS = {0: "in", 1: "out", 2: "event"}
TRUSTS = {0: "none", 1: "unverified", 2: "verified", 3: "changed"}

failures = []


def check(cond, message):
    if not cond:
        failures.append(message)
        print("check failed: " + message, file=sys.stderr)


def finish(name):
    if failures:
        print(f"{name}: {len(failures)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print(f"{name}: all checks passed")


def exit_on_signals():
    """Turn SIGTERM/SIGHUP (e.g. a ctest timeout) into SystemExit so that
    every finally: block (server stop, temp dir removal) still runs."""
    def handler(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, handler)


@contextlib.contextmanager
def temp_dir():
    path = tempfile.mkdtemp(prefix="seal-records-test-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def make_fixture(path):
    out = subprocess.run([RECORDS_FIXTURE, path], check=True, capture_output=True, text=True)
    return int(out.stdout.strip())


def seal_log(*args, **kwargs):
    return subprocess.run([SEAL_LOG, *args], capture_output=True, **kwargs)


def iso(us):
    if us is None:
        return ""
    seconds, micro = divmod(us, 1_000_000)
    t = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{micro:06d}Z"


def neutralise(value):
    return "'" + value if value and value[0] in "=+-@\t\r" else value


def expected_rows(db_path, raw, where="1", params=()):
    """The CSV rows seal-log export must produce, read straight from SQLite."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        cur = con.execute(
            "SELECT id, seq, time_us, sender_time_us, account, protocol, kind, peer, peer_alias,"
            " direction, encrypted, trust, text, markup, prev_hash, hash FROM records"
            f" WHERE {where} ORDER BY seq", params)
        rows = []
        for r in cur:
            row = dict(zip(HEADER, r))
            row["time"] = iso(row["time"])
            row["sender_time"] = iso(row["sender_time"])
            row["kind"] = KINDS[row["kind"]]
            row["direction"] = DIRECTIONS[row["direction"]]
            row["trust"] = TRUSTS[row["trust"]]
            row["encrypted"] = "true" if row["encrypted"] else "false"
            row["prev_hash"] = row["prev_hash"].hex()
            row["hash"] = row["hash"].hex()
            row["id"] = str(row["id"])
            row["seq"] = str(row["seq"])
            if not raw:
                for k in EXTERNAL_TEXT:
                    row[k] = neutralise(row[k])
            rows.append([row[h] for h in HEADER])
        return rows
    finally:
        con.close()


def parse_csv(path):
    with open(path, newline="", encoding="utf-8", errors="strict") as f:
        return list(csv.reader(f, strict=True))


def compare_rows(got, want, what):
    check(len(got) == len(want), f"{what}: {len(got)} rows, expected {len(want)}")
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            for h, gv, wv in zip(HEADER, g, w):
                if gv != wv:
                    check(False, f"{what}: row {i + 1} field {h}: got {gv!r}, expected {wv!r}")
            check(len(g) == len(w), f"{what}: row {i + 1} has {len(g)} fields, expected {len(w)}")
