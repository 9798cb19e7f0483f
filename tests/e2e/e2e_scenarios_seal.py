"""Seal's end-to-end scenarios (issue 3): two real libpurple clients with the
core-seal plugin, through real servers, asserting what each side displays and
what the server carried."""

import re
import shutil
import time

import e2e_messages as msgs
from e2e_common import (HANDSHAKE_NOTICE, armored_on_wire, armored_type, check,
                        check_no_armor_shown, check_no_error_lines, check_not_on_wire, deliver,
                        establish_session,
                        handshake_messages, quit_all, restart, seal_files, start_pair,
                        wait_ready)

REPLIES = ["Reply: bien reçu, 谢谢, ✔️", "Reply with <i>markup</i> & a link http://example.net/x"]
NOTICE = ("SYSTEM", "ERROR")
PENDING = re.compile(r"pending")


def conversation(harness, protocol):
    """A session started with /seal start, then every test text both ways."""
    alice, bob = start_pair(harness, protocol)
    establish_session(alice, bob)
    deliver(alice, bob, msgs.ALL)
    deliver(bob, alice, REPLIES + [msgs.LONG])
    check_no_armor_shown(alice)
    check_no_armor_shown(bob)
    check_no_error_lines(alice, bob)
    return alice, bob


def messages(harness, protocol):
    """Scenario 1: everything arrives intact and in order (on IRC the long
    texts travel as several fragments)."""
    alice, bob = conversation(harness, protocol)
    if protocol == "irc":
        check(b"?SEAL1|" in b"".join(harness.wire("irc")),
              "no fragment on the IRC wire: the long message was not fragmented")
    quit_all(alice, bob)


def no_plaintext(harness, protocol):
    """Scenario 2: the server carried armored messages and none of the texts."""
    alice, bob = conversation(harness, protocol)
    streams = harness.wire(protocol)
    check("?SEAL1".encode() in b"".join(streams), "the capture holds no Seal message at all")
    check_not_on_wire(harness, protocol, msgs.ALL + REPLIES)
    quit_all(alice, bob)


def restart_resumes(harness):
    """Scenario 3: both clients restart; no new handshake; chat continues."""
    alice, bob = start_pair(harness, "xmpp")
    establish_session(alice, bob)
    deliver(alice, bob, [msgs.ASCII])
    before = (seal_files(alice), seal_files(bob))
    handshakes_before = handshake_messages(harness.wire("xmpp"))
    quit_all(alice, bob)
    restart(alice, bob)
    after_restart = [msgs.ACCENTS + " (after restart)", msgs.EMOJI + " (after restart)"]
    deliver(alice, bob, after_restart)
    deliver(bob, alice, [REPLIES[0] + " (after restart)"])
    for client in (alice, bob):
        notices = [e for e in client.all() if e.kind in NOTICE and HANDSHAKE_NOTICE.search(e.text)]
        check(len(notices) == 1, "%s announced %d session starts, expected 1 (before the "
              "restart): %s" % (client.name, len(notices), notices))
    check((seal_files(alice), seal_files(bob)) == before,
          "the Seal state files changed names across the restart: %s -> %s"
          % (before, (seal_files(alice), seal_files(bob))))
    handshakes = handshake_messages(harness.wire("xmpp"))
    check(handshakes == handshakes_before, "a new handshake went over the wire after the "
          "restart (%d handshake messages before, %d after)"
          % (len(handshakes_before), len(handshakes)))
    check_not_on_wire(harness, "xmpp", after_restart)
    check_no_error_lines(alice, bob)
    quit_all(alice, bob)


def offline_delivery(harness):
    """Scenario 4: bob is offline; alice's messages wait on the server,
    encrypted, and bob reads them when he signs on."""
    alice, bob = start_pair(harness, "xmpp")
    establish_session(alice, bob)
    deliver(alice, bob, [msgs.ASCII])
    quit_all(bob)
    alice.wait_for("OFFLINE", bob)
    offline = ["While you were away: " + msgs.CJK, "And a second one: " + msgs.RTL]
    for text in offline:
        alice.send(bob, text)
        alice.wait_for("SENT", bob, text)
    restart(bob)
    got = [bob.wait_for("RECV", alice).text for _ in offline]
    check(got == offline, "bob read %r after signing on, expected %r" % (got, offline))
    deliver(bob, alice, [REPLIES[0]])
    check_not_on_wire(harness, "xmpp", offline)
    check_no_error_lines(alice, bob)
    quit_all(alice, bob)


def always_policy(harness):
    """Scenario 5: under `always`, messages typed before the session exists
    are held, then delivered encrypted; none leaves in plaintext."""
    prefs = ["/plugins/core/seal/policy=always"]
    alice, bob = start_pair(harness, "xmpp", prefs=prefs)
    early = ["Typed before any session: " + msgs.ASCII, "Still early: " + msgs.ACCENTS,
             "Third early one: " + msgs.HTML_SPECIAL]
    for text in early:
        alice.send(bob, text)
    got = [bob.wait_for("RECV", alice).text for _ in early]
    check(got == early, "bob read %r, expected %r" % (got, early))
    alice.wait_for("SYSTEM", bob, PENDING)  # the held messages were shown as pending
    deliver(bob, alice, [REPLIES[0]])
    check_not_on_wire(harness, "xmpp", early + [REPLIES[0]])
    check_no_armor_shown(bob)
    check_no_error_lines(alice, bob)
    quit_all(alice, bob)


def always_with_plain_contact(harness):
    """Scenario 5 with a contact without Seal (carol): carol's plaintext is
    marked as unencrypted at alice; alice's message is held, never sent in
    plaintext, and carol sees at most the one explanatory line."""
    alice = harness.client("alice", "xmpp", prefs=["/plugins/core/seal/policy=always"]).start()
    carol = harness.client("carol", "xmpp", seal=False).start()
    wait_ready(alice, carol)
    from_carol = "Plain words from carol: " + msgs.ACCENTS
    carol.send(alice, from_carol)
    alice.wait_for("RECV", carol, from_carol)
    alice.wait_for(NOTICE, carol, re.compile(r"not encrypted"))
    held = "Alice writes under always: " + msgs.CJK
    alice.send(carol, held)
    alice.wait_for("SYSTEM", carol, PENDING)
    explanation = carol.wait_for("RECV", alice)
    print("carol (no plugin) read: %s" % explanation.text)
    check(held not in explanation.text, "carol read the held message in plaintext")
    alice.send(carol, "A second held one: " + msgs.EMOJI)
    alice.wait_for("SYSTEM", carol, PENDING)
    time.sleep(2)  # room for a wrong second line to arrive
    lines = carol.all("RECV", alice)
    check(len(lines) == 1, "carol was shown %d lines, expected the one explanation: %s"
          % (len(lines), [e.text for e in lines]))
    check_not_on_wire(harness, "xmpp", [held, "A second held one: " + msgs.EMOJI])
    quit_all(alice, carol)


DECRYPT_FAILED = re.compile(r"could not be decrypted|could not read your recent")


def lost_state(harness):
    """Scenario 6: bob loses his Seal state; both recover with clear notices
    and messages flow again."""
    alice, bob = start_pair(harness, "xmpp")
    establish_session(alice, bob)
    deliver(alice, bob, [msgs.ASCII])
    quit_all(bob)
    shutil.rmtree(bob.seal_dir)
    restart(bob)
    lost = "Sent into the old session: " + msgs.ACCENTS
    alice.send(bob, lost)
    bob_notice = bob.wait_for(NOTICE, alice, DECRYPT_FAILED)
    alice_notice = alice.wait_for(NOTICE, bob, re.compile(r"could not read|restarted|key of"))
    print("bob was told: %s\nalice was told: %s" % (bob_notice.text, alice_notice.text))
    # never silently dropped: the message bob could not read reaches him once
    # the new session is up
    bob.wait_for("RECV", alice, lost)
    alice.mark_all_taken()
    bob.mark_all_taken()
    after = ["After the recovery: " + msgs.CJK]
    deliver(alice, bob, after)
    deliver(bob, alice, [REPLIES[0]])
    check_not_on_wire(harness, "xmpp", [lost] + after + [REPLIES[0]])
    quit_all(alice, bob)


KEY_CHANGED = re.compile(r"key of \S+ has changed")
HELD_FOR_KEY = re.compile(r"Held until you accept the new key")


def key_change_always(harness):
    """Trust (issue 3): bob comes back with a new identity key; under `always`
    alice is warned loudly and sends bob nothing until she accepts the key
    with /seal verify; then the held message is delivered."""
    prefs = ["/plugins/core/seal/policy=always"]
    alice, bob = start_pair(harness, "xmpp", prefs=prefs)
    establish_session(alice, bob)
    deliver(alice, bob, [msgs.ASCII])
    quit_all(bob)
    shutil.rmtree(bob.seal_dir)
    restart(bob)
    from_new_key = "Bob with a new key: " + msgs.ACCENTS
    bob.send(alice, from_new_key)
    alice.wait_for("ERROR", bob, KEY_CHANGED)
    alice.wait_for("RECV", bob, from_new_key)
    held = "Held for the new key: " + msgs.CJK
    alice.send(bob, held)
    alice.wait_for(NOTICE, bob, HELD_FOR_KEY)
    time.sleep(2)  # room for a wrongly sent message to arrive
    check(not [e for e in bob.all("RECV") if e.text == held],
          "bob received a message before alice accepted his new key")
    check_not_on_wire(harness, "xmpp", [held, from_new_key])
    alice.seal_command(bob, "verify")
    bob.wait_for("RECV", alice, held)
    check_not_on_wire(harness, "xmpp", [held])
    quit_all(alice, bob)


def peer_without_plugin(harness):
    """Scenario 7: bob has no Seal; plain chat works both ways and bob sees at
    most one explanatory line, never armored text."""
    alice = harness.client("alice", "xmpp").start()
    bob = harness.client("bob", "xmpp", seal=False).start()
    wait_ready(alice, bob)
    to_bob = ["Hello bob, " + msgs.ASCII, "Again: " + msgs.CJK, "And " + msgs.HTML_SPECIAL]
    for text in to_bob:
        alice.send(bob, text)
    to_alice = ["Hi alice, no plugin here: " + msgs.ACCENTS, "Bye: " + msgs.EMOJI]
    got = [bob.wait_for("RECV", alice, re.compile(re.escape(t) + r"\s*$")).text.rstrip()
           for t in to_bob]
    check(got == to_bob, "bob read %r, expected %r" % (got, to_bob))
    deliver(bob, alice, to_alice)
    alice.send(bob, "Last line from alice")
    bob.wait_for("RECV", alice, "Last line from alice")
    extra = [e for e in bob.all("RECV") if not any(t in e.text for t in
                                                   to_bob + ["Last line from alice"])]
    check(len(extra) <= 1, "bob saw %d lines besides the messages: %s" % (len(extra), extra))
    for event in bob.all("RECV"):
        check("?SEAL1:" not in event.text and "?SEAL1|" not in event.text,
              "bob (no plugin) was shown armored text: %r" % msgs.short(event.text))
    quit_all(alice, bob)


INJECTION_NOTICE = re.compile(r"damaged|could not be decrypted|rejected|ignored")


def session_with_injector(harness):
    """alice and bob with Seal and a session; carol without the plugin."""
    alice, bob = start_pair(harness, "xmpp")
    carol = harness.client("carol", "xmpp", seal=False).start()
    wait_ready(alice, bob, carol)
    establish_session(alice, bob)
    deliver(alice, bob, [msgs.ASCII])
    data = [b for b in armored_on_wire(harness.wire("xmpp")) if armored_type(b) == "DATA"]
    check(data, "no armored data message found on the wire to tamper with")
    return alice, bob, carol, data[-1].decode()


def inject(bob, carol, texts):
    """carol sends each text to bob; bob shows a notice for each, stays up."""
    for text in texts:
        carol.send(bob, text)
        notice = bob.wait_for(NOTICE, carol, INJECTION_NOTICE)
        print("injected %s -> bob: %s" % (msgs.short(text, 40), notice.text))
        check(bob.alive(), "bob's client died after %r" % msgs.short(text))
    check_no_armor_shown(bob)


def still_private(harness, alice, bob):
    after = ["Still private after the garbage: " + msgs.EMOJI]
    deliver(alice, bob, after)
    deliver(bob, alice, [REPLIES[0]])
    check_not_on_wire(harness, "xmpp", after + [REPLIES[0]])


def injected_garbage(harness):
    """Scenario 8: carol (no plugin) sends garbage, truncated, tampered and
    replayed armored messages to bob: a notice each, no crash, and the
    alice-bob session still works."""
    alice, bob, carol, real = session_with_injector(harness)
    middle = len(real) // 2
    flipped = real[:middle] + ("A" if real[middle] != "A" else "B") + real[middle + 1:]
    inject(bob, carol, ["?SEAL1:this is not base64 at all!!!.",
                        "?SEAL1:" + real[:middle] + ".",
                        "?SEAL1:" + flipped + ".",
                        "?SEAL1:" + real + "."])
    still_private(harness, alice, bob)
    quit_all(alice, bob, carol)


def injected_fragments(harness):
    """Scenario 8, fragments: a malformed fragment gets a notice too, and
    carol (no plugin) is never shown armored text in reply."""
    alice, bob, carol, real = session_with_injector(harness)
    inject(bob, carol, ["?SEAL1|bogus|3|2|AAAA.", "?SEAL1:" + real[:len(real) // 2] + "."])
    for event in carol.all("RECV"):
        check("?SEAL1" not in event.text, "carol (no plugin) was shown armored text: %r"
              % msgs.short(event.text))
    still_private(harness, alice, bob)
    quit_all(alice, bob, carol)


def injector_sees_no_armor(harness):
    """Scenario 7 + 8: after carol (no plugin) injects a well-formed armored
    message that bob cannot decrypt, carol is shown no armored text back,
    at most the one explanatory line."""
    alice, bob, carol, real = session_with_injector(harness)
    inject(bob, carol, ["?SEAL1:" + real + "."])
    time.sleep(2)  # room for a reply to carol to arrive
    shown = carol.all("RECV")
    for event in shown:
        check("?SEAL1:" not in event.text and "?SEAL1|" not in event.text,
              "carol (no plugin) was shown armored text: %r" % msgs.short(event.text))
    check(len(shown) <= 1, "carol (no plugin) was shown %d lines, at most one explanation "
          "expected: %s" % (len(shown), [e.text for e in shown]))
    quit_all(alice, bob, carol)


SCENARIOS = {
    "messages_xmpp": lambda h: messages(h, "xmpp"),
    "messages_irc": lambda h: messages(h, "irc"),
    "no_plaintext_xmpp": lambda h: no_plaintext(h, "xmpp"),
    "no_plaintext_irc": lambda h: no_plaintext(h, "irc"),
    "restart": restart_resumes,
    "offline_xmpp": offline_delivery,
    "always_policy": always_policy,
    "always_plain_contact": always_with_plain_contact,
    "lost_state": lost_state,
    "key_change_always": key_change_always,
    "peer_without_plugin": peer_without_plugin,
    "injected_garbage": injected_garbage,
    "injected_fragments": injected_fragments,
    "injector_sees_no_armor": injector_sees_no_armor,
}
