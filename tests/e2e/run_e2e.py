#!/usr/bin/env python3
"""Run Seal's end-to-end scenarios: real prosody/ngircd servers on free
127.0.0.1 ports, two or three headless libpurple clients, assertions on what
each client displays and on what the server carried.

    run_e2e.py --client BUILD/tests/e2e/seal-e2e-client \\
               --plugin BUILD/plugin/core/core-seal.so SCENARIO...
    run_e2e.py --list

Exit status 0 when every scenario passed.  Needs root for tcpdump.
SEAL_E2E_KEEP_FAILED=1 keeps the files of a failed scenario."""

import argparse
import os
import signal
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import e2e_scenarios_plain  # noqa: E402
import e2e_scenarios_seal  # noqa: E402
from e2e_harness import Harness, ScenarioFailure  # noqa: E402

SCENARIOS = {}
SCENARIOS.update(e2e_scenarios_plain.SCENARIOS)
SCENARIOS.update(e2e_scenarios_seal.SCENARIOS)


def run_one(name, client, plugin, keep):
    started = time.monotonic()
    try:
        with Harness(client, plugin, keep=keep) as harness:
            SCENARIOS[name](harness)
    except ScenarioFailure as failure:
        print("FAIL %s (%.1fs): %s" % (name, time.monotonic() - started, failure))
        return False
    except Exception:  # a broken harness is a failure too, with its trace
        traceback.print_exc()
        print("FAIL %s (%.1fs): harness error" % (name, time.monotonic() - started))
        return False
    print("PASS %s (%.1fs)" % (name, time.monotonic() - started))
    return True


def stop_on_sigterm(signum, frame):
    """ctest and CI stop tests with SIGTERM: unwind so every server and
    client is stopped and the temporary directory removed."""
    raise SystemExit("stopped by signal %d" % signum)


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", help="seal-e2e-client executable")
    parser.add_argument("--plugin", help="core-seal.so (absolute path)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary files")
    parser.add_argument("--list", action="store_true", help="list the scenarios")
    parser.add_argument("scenarios", nargs="*")
    args = parser.parse_args()
    if args.list:
        print("\n".join(sorted(SCENARIOS)))
        return 0
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown or not args.scenarios or not args.client:
        parser.error("need --client and known scenarios (unknown: %s)" % ", ".join(unknown))
    if os.geteuid() != 0:
        print("SKIP: the scenarios capture the server port with tcpdump, which needs root")
        return 77
    plugin = os.path.abspath(args.plugin) if args.plugin else None
    client = os.path.abspath(args.client)
    results = [run_one(name, client, plugin, args.keep) for name in args.scenarios]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
