"""records_csv: seal-log export is RFC 4180 CSV that Python's csv module parses
back field for field (default: formulas neutralised; --raw: untouched)."""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from records_testlib import (HEADER, check, compare_rows, expected_rows, finish, make_fixture,  # noqa: E402
                             parse_csv, seal_log, temp_dir)


def check_crlf_structure(data, what):
    """Outside quoted fields every line ends in CRLF; the file ends with CRLF."""
    in_quotes = False
    prev = None
    bare = 0
    for b in data:
        if b == 0x22:
            in_quotes = not in_quotes
        elif b == 0x0A and not in_quotes and prev != 0x0D:
            bare += 1
        prev = b
    check(not in_quotes, f"{what}: unbalanced quotes")
    check(bare == 0, f"{what}: {bare} record separators are not CRLF")
    check(data.endswith(b"\r\n"), f"{what}: does not end with CRLF")
    check(data.startswith(",".join(HEADER).encode() + b"\r\n"), f"{what}: header row differs")


def main():
    with temp_dir() as tmp:
        db = os.path.join(tmp, "records.db")
        count = make_fixture(db)
        for raw in (False, True):
            what = "raw export" if raw else "default export"
            out = os.path.join(tmp, "raw.csv" if raw else "out.csv")
            args = ["--db", db, "export", "-o", out] + (["--raw"] if raw else [])
            res = seal_log(*args)
            check(res.returncode == 0, f"{what}: exit {res.returncode}: {res.stderr!r}")
            check(stat.S_IMODE(os.stat(out).st_mode) == 0o600, f"{what}: file mode is not 0600")
            data = open(out, "rb").read()
            data.decode("utf-8")  # strict: raises on invalid UTF-8
            check_crlf_structure(data, what)
            rows = parse_csv(out)
            check(rows[0] == HEADER, f"{what}: header {rows[0]}")
            want = expected_rows(db, raw)
            check(len(want) == count, f"fixture wrote {count} records, store has {len(want)}")
            compare_rows(rows[1:], want, what)
            # Spot checks of the neutralisation itself.
            texts = [r[HEADER.index("text")] for r in rows[1:]]
            if raw:
                check("=1+2" in texts and "\tstarts with a tab" in texts, "raw export changed formula cells")
            else:
                check("'=1+2" in texts and "'+SUM(A1:A9)" in texts and "'-3 apples" in texts
                      and "'@cmd|' /C calc'!A0" in texts and "'\tstarts with a tab" in texts
                      and "'\rstarts with a carriage return" in texts, "formula cells not neutralised")
                check("=1+2" not in texts, "a formula cell was left as is")
                aliases = [r[HEADER.index("peer_alias")] for r in rows[1:]]
                check("'=HYPERLINK(\"http://x\")" in aliases, "formula in the alias not neutralised")
            # Standard output gives the same bytes as -o.
            res = seal_log(*[a for a in args if a not in ("-o", out)])
            check(res.returncode == 0 and res.stdout == data, f"{what}: stdout export differs from -o FILE")
    finish("records_csv")


if __name__ == "__main__":
    main()
