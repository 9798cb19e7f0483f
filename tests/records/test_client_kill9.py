"""records_client_kill9: kill -9 durability through real clients.

Two headless libpurple clients (tests/e2e's seal-e2e-client) with core-seal
loaded talk through a real prosody on a free loopback port (tests/e2e's
harness, no packet capture).  Alice sends a stream of encrypted messages; as
soon as Bob's client has displayed 40 of them it is killed with SIGKILL.
Every message Bob's client displayed must be in Bob's record store, which
must verify; Alice's store, read by seal-log while her client still runs,
must hold every message she sent."""
import argparse
import csv
import io
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

from records_testlib import check, exit_on_signals, failures, finish  # noqa: E402
from e2e_common import establish_session, start_pair  # noqa: E402
from e2e_harness import Harness, ScenarioFailure  # noqa: E402

TEXTS = ["record me %03d: ünïcödé, ✓ done" % i for i in range(80)]
KILL_AFTER = 40


def seal_log(seal_log_path, user_dir, *args):
    return subprocess.run([seal_log_path, "--config", user_dir, *args], capture_output=True, timeout=120)


def recorded_texts(seal_log_path, user_dir, direction):
    res = seal_log(seal_log_path, user_dir, "export", "--raw")
    check(res.returncode == 0, "seal-log export of %s: %r" % (user_dir, res.stderr))
    rows = list(csv.DictReader(io.StringIO(res.stdout.decode("utf-8"), newline="")))
    return [r["text"] for r in rows if r["direction"] == direction and r["kind"] == "im"], rows


def wait_for_eof(client, timeout=10):
    """Let the reader thread take every line the dead client wrote."""
    deadline = time.monotonic() + timeout
    last = -1
    while time.monotonic() < deadline:
        with client.cond:
            count = len(client.lines)
        if count == last:
            return
        last = count
        time.sleep(0.3)


def scenario(harness, seal_log_path):
    alice, bob = start_pair(harness, "xmpp")
    establish_session(alice, bob)
    for text in TEXTS:
        alice.send(bob, text)
    for _ in range(KILL_AFTER):
        bob.wait_for("RECV", alice)
    os.kill(bob.proc.pid, signal.SIGKILL)
    bob.proc.wait(timeout=30)
    check(bob.proc.returncode == -signal.SIGKILL, "bob was not killed by SIGKILL")
    wait_for_eof(bob)
    displayed = [e.text for e in bob.all("RECV")]
    bob.kill()  # bookkeeping only: the process is gone
    print("bob displayed %d messages before SIGKILL" % len(displayed))
    check(len(displayed) >= KILL_AFTER, "bob displayed only %d messages" % len(displayed))

    texts, rows = recorded_texts(seal_log_path, bob.user_dir, "in")
    print("bob's store holds %d records (%d received messages)" % (len(rows), len(texts)))
    missing = [t for t in displayed if t not in texts]
    check(not missing, "displayed but not recorded: %r" % missing[:5])
    check(texts[:len(displayed)] == displayed, "records are not in display order")
    enc = [r["encrypted"] for r in rows if r["direction"] == "in" and r["kind"] == "im"]
    check(enc and all(e == "true" for e in enc), "received messages not recorded as encrypted")
    res = seal_log(seal_log_path, bob.user_dir, "verify")
    check(res.returncode == 0, "bob's store does not verify after SIGKILL: %r %r" % (res.stdout, res.stderr))

    # Alice's client keeps running: her store is read alongside it.
    for text in TEXTS:
        alice.wait_for("SENT", bob, text)
    sent, _ = recorded_texts(seal_log_path, alice.user_dir, "out")
    check(all(t in sent for t in TEXTS), "alice's store lacks sent messages: %d of %d"
          % (sum(t in sent for t in TEXTS), len(TEXTS)))
    res = seal_log(seal_log_path, alice.user_dir, "verify")
    check(res.returncode == 0, "alice's store does not verify: %r" % res.stdout)
    alice.quit()


def main():
    exit_on_signals()
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--seal-log", required=True)
    args = parser.parse_args()
    try:
        with Harness(args.client, args.plugin, capture=False) as harness:
            scenario(harness, args.seal_log)
    except ScenarioFailure as failure:
        failures.append(str(failure))
        print("FAIL: %s" % failure, file=sys.stderr)
    finish("records_client_kill9")


if __name__ == "__main__":
    main()
