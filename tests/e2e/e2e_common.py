"""Steps shared by Seal's end-to-end scenarios."""

import base64
import os
import re

import e2e_messages as msgs
from e2e_harness import ScenarioFailure

# Notices of core-seal (plugin/core/keyexchange.c), matched on stable parts.
SESSION_STARTED = re.compile(r"Encrypted conversation with \S+ started")
SESSION_RESTARTED = re.compile(r"restarted the encrypted session")
HANDSHAKE_NOTICE = re.compile(r"Encrypted conversation with \S+ started|"
                              r"restarted the encrypted session")
ARMOR = "?SEAL1"


def check(condition, message):
    if not condition:
        raise ScenarioFailure(message)


def start_pair(harness, protocol, seal=True, prefs=(), names=("alice", "bob")):
    """Start two clients, wait until both are signed on and (XMPP) see each
    other online, so that nothing goes to offline storage by accident."""
    first = harness.client(names[0], protocol, seal, prefs).start()
    second = harness.client(names[1], protocol, seal, prefs).start()
    wait_ready(first, second)
    return first, second


def wait_ready(*clients):
    for client in clients:
        client.wait_signed_on()
    if clients[0].protocol == "xmpp":
        for client in clients:
            for other in clients:
                if other is not client:
                    client.wait_online(other)


def restart(*clients):
    for client in clients:
        client.start()
    wait_ready(*clients)


def received_texts(receiver, sender, count):
    """The next `count` messages receiver shows from sender, in order."""
    return [receiver.wait_for("RECV", sender).text for _ in range(count)]


def check_same_texts(who, got, expected):
    for i, (g, e) in enumerate(zip(got, expected)):
        check(g == e, "%s: message %d differs:\n  expected %r\n  shown    %r"
              % (who, i + 1, msgs.short(e, 200), msgs.short(g, 200)))
    check(len(got) == len(expected), "%s: %d messages, expected %d"
          % (who, len(got), len(expected)))


def deliver(sender, receiver, texts):
    """Send texts; the receiver shows each intact and in order, and the
    sender's own window shows each as typed (never armored)."""
    for text in texts:
        sender.send(receiver, text)
    got = received_texts(receiver, sender, len(texts))
    check_same_texts("%s reads from %s" % (receiver.name, sender.name), got, texts)
    own = [sender.wait_for("SENT", receiver).text for _ in texts]
    check_same_texts("%s's own window" % sender.name, own, texts)


def check_not_on_wire(harness, protocol, texts):
    leaked = msgs.plaintexts_on_wire(harness.wire(protocol), texts)
    check(not leaked, "the %s server carried plaintext: %s"
          % (protocol, ", ".join(repr(msgs.short(t)) for t in leaked)))


def check_no_armor_shown(client):
    for event in client.all():
        if event.kind in ("RECV", "SENT"):
            check(ARMOR not in event.text, "%s shows an armored message: %r"
                  % (client.name, msgs.short(event.text)))


def check_no_error_lines(*clients):
    """A healthy conversation shows no error line on either side."""
    for client in clients:
        errors = [e.text for e in client.all("ERROR")]
        check(not errors, "%s was shown error lines: %s" % (client.name, errors))


def establish_session(initiator, responder):
    """/seal start, then both sides announce the encrypted conversation."""
    initiator.seal_command(responder, "start")
    initiator.wait_for("SYSTEM", responder, SESSION_STARTED)
    responder.wait_for("SYSTEM", initiator, SESSION_STARTED)


def quit_all(*clients):
    for client in clients:
        rc = client.quit()
        check(rc == 0, "%s exited with status %s (expected 0)" % (client.name, rc))


ARMORED = re.compile(rb"\?SEAL1:([A-Za-z0-9+/=\s]+)\.")
SEAL_MSG_TYPES = {1: "INIT", 2: "RESPONSE", 3: "CONFIRM", 4: "DATA", 5: "RESET"}


def armored_on_wire(streams):
    """The distinct whole armored messages the server carried (each appears
    twice in a capture: client to server, server to client), as bytes."""
    found = []
    for stream in streams:
        for match in ARMORED.finditer(stream):
            body = re.sub(rb"\s", b"", match.group(1))
            if body not in found:
                found.append(body)
    return found


def armored_type(body):
    """The Seal message type of an armored body (first decoded byte)."""
    try:
        raw = base64.b64decode(body + b"=" * (-len(body) % 4))
    except ValueError:
        return "INVALID"
    return SEAL_MSG_TYPES.get(raw[0], "UNKNOWN") if raw else "EMPTY"


def handshake_messages(streams):
    return [b for b in armored_on_wire(streams) if armored_type(b) in ("INIT", "RESPONSE",
                                                                      "CONFIRM")]


def seal_files(client):
    """Names of the files in a client's Seal state directory (but the
    ".seen" ids of received messages, written when Seal stops)."""
    if not os.path.isdir(client.seal_dir):
        return set()
    return {name for name in os.listdir(client.seal_dir) if not name.endswith(".seen")}
