#!/usr/bin/env python3
"""Seal's headless demo: alice and bob, each a real libpurple client with
Seal, chat through a throwaway prosody on 127.0.0.1.  Prints what alice
typed, what the server carried (from a capture of its port) and what bob
read, then both fingerprints.  Usage: demo.py CLIENT PLUGIN"""

import os
import re
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from e2e_common import (SESSION_STARTED, armored_on_wire, armored_type, check,  # noqa: E402
                        quit_all, start_pair)
from e2e_harness import Harness, ScenarioFailure  # noqa: E402

CONVERSATION = [
    ("alice", "Hi Bob! Coffee at the Café Müller at 10? ☕"),
    ("bob", "Sure. 你好 from the other side — see you there 🙂"),
    ("alice", "Here is the menu: https://example.org/menu?day=sat&lang=en"),
    ("bob", "Looks good <b>&</b> nobody else can read this."),
]


def shorten(text, width=64):
    return text if len(text) <= width else "%s… (%d chars)" % (text[:width], len(text))


class Demo:
    def __init__(self, harness):
        self.harness = harness
        self.captured = harness.capture
        self.seen = set()

    def carried(self):
        """Armored data messages the server carried since the last call."""
        if not self.captured:
            return ["(no capture: tcpdump needs root)"]
        new = []
        for body in armored_on_wire(self.harness.wire("xmpp")):
            if body not in self.seen and armored_type(body) == "DATA":
                self.seen.add(body)
                new.append("?SEAL1:" + body.decode() + ".")
        return new

    def exchange(self, sender, receiver, text):
        print("%-6s typed:       %s" % (sender.name, text))
        sender.send(receiver, text)
        shown = receiver.wait_for("RECV", sender).text
        for wire in self.carried():
            print("server carried:     %s" % shorten(wire))
        print("%-6s read:        %s" % (receiver.name, shown))
        print()
        check(shown == text, "%s read %r instead of %r" % (receiver.name, shown, text))
        if self.captured:
            plain = text.encode()
            check(not any(plain in s for s in self.harness.wire("xmpp")),
                  "the server carried the plaintext of %r" % text)

    def fingerprints(self, alice, bob):
        alice.seal_command(bob, "fingerprint")
        bob.seal_command(alice, "fingerprint")
        said = {}
        for client in (alice, bob):
            line = client.wait_for("SYSTEM", None, re.compile(r"Your fingerprint: ")).text
            own = re.search(r"Your fingerprint: (.+)", line).group(1).strip()
            peer = re.search(r"Fingerprint of \S+: (.+)", line)
            said[client.name] = (own, peer.group(1).strip() if peer else None)
        print("Fingerprints (compare them to verify each other; /seal verify marks it):")
        print("  alice: %s" % said["alice"][0])
        print("  bob:   %s" % said["bob"][0])
        check(said["alice"][1] == said["bob"][0] and said["bob"][1] == said["alice"][0],
              "the fingerprints each side sees for the other do not match")
        print("  each side sees the other's fingerprint exactly: they match.")


def run(client_path, plugin_path):
    is_root = os.geteuid() == 0
    with Harness(client_path, plugin_path, capture=is_root) as harness:
        demo = Demo(harness)
        alice, bob = start_pair(harness, "xmpp")
        port = harness.servers["xmpp"].port
        print("Seal demo: alice and bob, two headless libpurple clients with Seal,")
        print("chat through a local prosody (XMPP) on 127.0.0.1:%d.\n" % port)
        print("alice  typed:       /seal start")
        alice.seal_command(bob, "start")
        print("alice  sees:        %s" % alice.wait_for("SYSTEM", bob, SESSION_STARTED).text)
        print("bob    sees:        %s\n" % bob.wait_for("SYSTEM", alice, SESSION_STARTED).text)
        clients = {"alice": alice, "bob": bob}
        for who, text in CONVERSATION:
            sender = clients[who]
            demo.exchange(sender, bob if sender is alice else alice, text)
        demo.fingerprints(alice, bob)
        quit_all(alice, bob)
    where = "the server never saw a plaintext" if is_root else "no capture without root"
    print("\nDemo succeeded: %d messages delivered end-to-end encrypted (%s)."
          % (len(CONVERSATION), where))


def stop_on_sigterm(signum, frame):
    raise SystemExit("stopped by signal %d" % signum)  # unwinds: servers and clients stop


def main():
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    try:
        run(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
    except (ScenarioFailure, RuntimeError) as failure:
        print("\nDemo FAILED: %s" % failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
