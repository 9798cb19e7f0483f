#!/usr/bin/env python3
"""seal-latency-bench: one-way latency of IMs through prosody, with Seal and
without, in one run.

Two pairs of real libpurple clients share one throwaway prosody on
127.0.0.1: alice -> bob with Seal (an encrypted session is set up first) and
carol -> dave without any plugin.  Messages are paced (one every --interval
ms on each pair, the two pairs interleaved, so both see the same machine
load).  Latency = receiver's CLOCK_MONOTONIC when its window shows the
message - sender's CLOCK_MONOTONIC just before it hands the typed text to
libpurple; both clients run on this machine, so the clocks are the same.

    seal-latency-bench [--messages 200] [--interval 20] [--quick]"""

import argparse
import os
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "e2e"))

from e2e_common import establish_session, quit_all, wait_ready  # noqa: E402
from e2e_harness import Harness, ScenarioFailure  # noqa: E402

TEXT = "message %04d: a typical chat line of about a hundred characters, with é and 你好 in it"


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(round(fraction * len(ordered) + 0.5 - 1e-9)))
    return ordered[min(rank, len(ordered)) - 1]


def latencies_ms(sender, receiver, count):
    """Per message: receiver's RECV time - sender's TYPED time, in ms."""
    typed = {e.text: e.time_us for e in sender.all("TYPED")}
    shown = {}
    for _ in range(count):
        event = receiver.wait_for("RECV", sender)
        shown[event.text] = event.time_us
    return [(shown[t] - typed[t]) / 1000.0 for t in shown if t in typed]


def send_cost_ms(sender):
    """Per message: SENT (shown in own window, after the plugin ran and the
    stanza was written) - TYPED, in ms: the sender-side processing time."""
    typed = {e.text: e.time_us for e in sender.all("TYPED")}
    return [(e.time_us - typed[e.text]) / 1000.0 for e in sender.all("SENT") if e.text in typed]


def run_pairs(harness, count, interval_ms, warmup):
    alice = harness.client("alice", "xmpp", seal=True).start()
    bob = harness.client("bob", "xmpp", seal=True).start()
    carol = harness.client("carol", "xmpp", seal=False).start()
    dave = harness.client("dave", "xmpp", seal=False).start()
    wait_ready(alice, bob)
    wait_ready(carol, dave)
    establish_session(alice, bob)
    pairs = [(alice, bob), (carol, dave)]
    for n in range(-warmup, count):
        for sender, receiver in pairs:
            sender.send(receiver, TEXT % (n + warmup) if n >= 0 else "warm-up %d" % n)
            time.sleep(interval_ms / 1000.0 / len(pairs))
    results = {}
    for label, (sender, receiver) in zip(("with Seal", "without Seal"), pairs):
        for _ in range(warmup):
            receiver.wait_for("RECV", sender)
        results[label] = (latencies_ms(sender, receiver, count),
                          send_cost_ms(sender)[warmup:])
    quit_all(alice, bob, carol, dave)
    return results


def report(results, count, interval_ms):
    print("One-way latency through prosody on 127.0.0.1, %d paced messages "
          "(%d ms apart), in ms:" % (count, interval_ms))
    print("  %-13s %8s %8s %8s %8s   %s" % ("", "median", "p95", "min", "max",
                                           "sender-side (median)"))
    medians = {}
    for label, (lat, cost) in results.items():
        if len(lat) != count:
            raise ScenarioFailure("%s: %d of %d messages measured" % (label, len(lat), count))
        medians[label] = percentile(lat, 0.5)
        print("  %-13s %8.3f %8.3f %8.3f %8.3f   %.3f" % (
            label, medians[label], percentile(lat, 0.95), min(lat), max(lat),
            percentile(cost, 0.5) if cost else float("nan")))
    added = medians["with Seal"] - medians["without Seal"]
    print("Seal adds %.3f ms to the median one-way latency (target: under 1 ms): %s"
          % (added, "met" if added < 1.0 else "NOT met"))


def stop_on_sigterm(signum, frame):
    raise SystemExit("stopped by signal %d" % signum)  # unwinds: servers and clients stop


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", required=True, help="seal-e2e-client executable")
    parser.add_argument("--plugin", required=True, help="core-seal.so")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--interval", type=int, default=20, help="ms between messages")
    parser.add_argument("--quick", action="store_true", help="20 messages: a smoke test")
    args = parser.parse_args()
    count = 20 if args.quick else args.messages
    try:
        with Harness(os.path.abspath(args.client), os.path.abspath(args.plugin),
                     capture=False) as harness:
            results = run_pairs(harness, count, args.interval, warmup=5)
        report(results, count, args.interval)
    except (ScenarioFailure, RuntimeError) as failure:
        print("seal-latency-bench FAILED: %s" % failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
