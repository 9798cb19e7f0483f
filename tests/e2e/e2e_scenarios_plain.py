"""Scenarios that prove the harness itself: plain chat without Seal."""

import e2e_messages as msgs
from e2e_common import check, deliver, quit_all, start_pair


def plain_chat(harness, protocol):
    """alice <-> bob without the plugin: texts arrive intact and in order, and
    the capture does see them (so the no-plaintext check can fail)."""
    texts = msgs.ALL[:-2] if protocol == "xmpp" else msgs.PLAIN_IRC_SAFE
    if protocol == "xmpp":
        texts = texts + [msgs.LONG]
    alice, bob = start_pair(harness, protocol, seal=False)
    deliver(alice, bob, texts)
    deliver(bob, alice, ["Reply from bob: ça marche, 好的 👍"])
    seen = msgs.plaintexts_on_wire(harness.wire(protocol), texts)
    missing = [t for t in texts if t not in seen]
    check(not missing, "the capture misses plain messages (wire check broken): %s"
          % ", ".join(repr(msgs.short(t)) for t in missing))
    quit_all(alice, bob)


def smoke_xmpp(harness):
    plain_chat(harness, "xmpp")


def smoke_irc(harness):
    plain_chat(harness, "irc")


SCENARIOS = {
    "smoke_xmpp": smoke_xmpp,
    "smoke_irc": smoke_irc,
}
