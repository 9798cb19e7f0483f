"""Clients and the test harness of Seal's end-to-end tests.

A Client is one seal-e2e-client process (one libpurple account) driven over
stdin; its event lines (see client.c) are collected by a reader thread.
A Harness owns a private temporary directory, the servers, the capture and
every client, and tears all of them down even when a scenario fails."""

import os
import re
import shutil
import subprocess
import tempfile
import threading
import time

import e2e_servers

DEFAULT_WAIT = float(os.environ.get("SEAL_E2E_TIMEOUT", "60"))


class ScenarioFailure(AssertionError):
    pass


def unescape(text):
    """Undo the client's escaping of event text (\\n \\t \\\\ \\xNN)."""
    out = bytearray()
    raw = text.encode("utf-8")
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):
            n = raw[i + 1]
            if n == ord("n"):
                out.append(10)
            elif n == ord("t"):
                out.append(9)
            elif n == ord("x") and i + 3 < len(raw):
                out.append(int(raw[i + 2:i + 4], 16))
                i += 2
            else:
                out.append(n)
            i += 2
            continue
        out.append(c)
        i += 1
    return out.decode("utf-8", errors="replace")


def escape(text):
    """Escape text for a client command line (the client unescapes it)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


class Event:
    __slots__ = ("time_us", "kind", "peer", "text", "taken")

    def __init__(self, line):
        parts = line.rstrip("\n").split(" ", 3)
        while len(parts) < 4:
            parts.append("")
        self.time_us = int(parts[0])
        self.kind = parts[1]
        self.peer = parts[2]
        self.text = unescape(parts[3])
        self.taken = False

    def __repr__(self):
        return "%s %s %r" % (self.kind, self.peer, self.text)


def text_matches(text, pattern):
    if pattern is None:
        return True
    if isinstance(pattern, re.Pattern):
        return pattern.search(text) is not None
    return pattern in text


class Client:
    """One headless libpurple client process."""

    def __init__(self, harness, name, protocol, plugin=None, prefs=(), debug=False):
        self.harness = harness
        self.name = name
        self.protocol = protocol
        self.plugin = plugin
        self.prefs = list(prefs)
        self.debug = debug
        self.user_dir = os.path.join(harness.dir, "%s-%s" % (name, protocol), "purple")
        os.makedirs(self.user_dir, mode=0o700, exist_ok=True)
        self.events = []
        self.lines = []
        self.cond = threading.Condition()
        self.proc = None
        self.returncode = None
        self.run_count = 0
        self.run_begin = 0  # index of the first event of the current run

    # -- names ------------------------------------------------------------
    @property
    def account(self):
        if self.protocol == "xmpp":
            return "%s@%s/e2e" % (self.name, e2e_servers.XMPP_DOMAIN)
        return "%s@127.0.0.1" % self.name

    def address_of(self, other):
        """How this client names another user in conversations."""
        name = other.name if isinstance(other, Client) else other
        if self.protocol == "xmpp":
            return "%s@%s" % (name, e2e_servers.XMPP_DOMAIN)
        return name

    @property
    def seal_dir(self):
        return os.path.join(self.user_dir, "seal")

    # -- process ----------------------------------------------------------
    def start(self):
        server = self.harness.server_for(self.protocol)
        self.run_count += 1
        cmd = [self.harness.client_path, "--user-dir", self.user_dir,
               "--protocol", self.protocol, "--account", self.account,
               "--server", "127.0.0.1", "--port", str(server.port),
               "--timeout", str(int(DEFAULT_WAIT))]
        if self.protocol == "xmpp":  # ngircd has no passwords: IRC sends none
            cmd += ["--password", e2e_servers.USERS[self.name]]
        if self.plugin:
            cmd += ["--plugin", self.plugin]
        for pref in self.prefs:
            cmd += ["--pref", pref]
        if self.debug:
            cmd.append("--debug")
        env = dict(os.environ)
        # libpurple does not free everything at exit (and neither do the
        # servers' client libraries it loads), so LeakSanitizer would fail
        # every run of an ASan-built client; leaks are not what these tests
        # check.  All other ASan/UBSan checks stay on.
        asan = env.get("ASAN_OPTIONS", "")
        env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "detect_leaks=0"
        env["HOME"] = os.path.dirname(self.user_dir)
        self.stderr_path = os.path.join(os.path.dirname(self.user_dir),
                                        "stderr-%d.log" % self.run_count)
        self.stderr_file = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr_file, env=env,
                                     preexec_fn=e2e_servers.die_with_parent)
        self.returncode = None
        with self.cond:
            self.lines.append("# start %d" % self.run_count)
            self.run_begin = len(self.events)
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()
        self.harness.clients_running.append(self)
        return self

    def _read(self, proc):
        for raw in proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            with self.cond:
                self.lines.append(line)
                try:
                    self.events.append(Event(line))
                except ValueError:
                    pass
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def command(self, line):
        if self.proc is None or self.proc.poll() is not None:
            raise ScenarioFailure("%s: client not running, cannot run %r" % (self.name, line))
        self.proc.stdin.write((line + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def send(self, to, text):
        self.command("send %s %s" % (self.address_of(to), escape(text)))

    def seal_command(self, to, args):
        self.command("cmd %s seal %s" % (self.address_of(to), args))

    def quit(self, timeout=None):
        """Ask the client to sign off and exit; returns its exit status."""
        if self.proc is None:
            return self.returncode
        try:
            if self.proc.poll() is None:
                self.command("quit")
            self.returncode = self.proc.wait(timeout=timeout or DEFAULT_WAIT)
        except (subprocess.TimeoutExpired, BrokenPipeError, ScenarioFailure):
            e2e_servers.stop_process(self.proc)
            self.returncode = self.proc.returncode
        self._closed()
        return self.returncode

    def kill(self):
        if self.proc is not None:
            e2e_servers.stop_process(self.proc, timeout=10)
            self.returncode = self.proc.returncode
            self._closed()

    def _closed(self):
        if self in self.harness.clients_running:
            self.harness.clients_running.remove(self)
        self.stderr_file.close()
        self.proc = None

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # -- events -----------------------------------------------------------
    @staticmethod
    def _kind_matches(event_kind, kind):
        return event_kind in kind if isinstance(kind, tuple) else event_kind == kind

    def wait_for(self, kind, peer=None, pattern=None, timeout=None, take=True):
        """The first event of kind (from peer, text matching) not taken yet."""
        deadline = time.monotonic() + (timeout or DEFAULT_WAIT)
        if isinstance(peer, Client):
            peer = self.address_of(peer)
        with self.cond:
            while True:
                for event in self.events:
                    if (not event.taken and self._kind_matches(event.kind, kind) and
                            (peer is None or event.peer == peer) and
                            text_matches(event.text, pattern)):
                        event.taken = take
                        return event
                if self.proc is None or self.proc.poll() is not None:
                    # exited: its last lines may still be on the way
                    deadline = min(deadline, time.monotonic() + 2)
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(min(left, 0.5))
        raise ScenarioFailure("%s: no %s%s%s within %ss%s" % (
            self.name, kind, " from/to " + peer if peer else "",
            " matching %r" % (pattern.pattern if isinstance(pattern, re.Pattern) else pattern)
            if pattern else "", timeout or DEFAULT_WAIT,
            "" if self.alive() else " (the client is not running)"))

    def _wait_current_run(self, predicate, what, timeout=None):
        """Wait until predicate(events of the current run) returns non-None."""
        deadline = time.monotonic() + (timeout or DEFAULT_WAIT)
        with self.cond:
            while True:
                result = predicate(self.events[self.run_begin:])
                if result is not None:
                    return result
                if self.proc is None or self.proc.poll() is not None:
                    # exited: its last lines may still be on the way
                    deadline = min(deadline, time.monotonic() + 2)
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.cond.wait(min(left, 0.5))
        raise ScenarioFailure("%s: %s not seen within %ss%s" % (
            self.name, what, timeout or DEFAULT_WAIT,
            "" if self.alive() else " (the client is not running)"))

    def wait_signed_on(self):
        """SIGNED-ON in this run, failing at once on a connection error."""
        def signed_on(events):
            for event in events:
                if event.kind == "SIGNED-ON":
                    return event
                if event.kind == "ERROR" and event.text.startswith("connection error"):
                    raise ScenarioFailure("%s: %s" % (self.name, event.text))
            return None
        return self._wait_current_run(signed_on, "signing on")

    def wait_online(self, other):
        """Until this client's latest presence news of other says online."""
        peer = self.address_of(other)

        def online(events):
            news = [e for e in events if e.kind in ("ONLINE", "OFFLINE") and e.peer == peer]
            return news[-1] if news and news[-1].kind == "ONLINE" else None
        return self._wait_current_run(online, "%s online" % peer)

    def all(self, kind=None, peer=None):
        if isinstance(peer, Client):
            peer = self.address_of(peer)
        with self.cond:
            return [e for e in self.events
                    if (kind is None or e.kind == kind) and (peer is None or e.peer == peer)]

    def mark_all_taken(self):
        with self.cond:
            for event in self.events:
                event.taken = True

    def transcript(self, width=400):
        with self.cond:
            return "\n".join(line if len(line) <= width else line[:width] + "..."
                             for line in self.lines)

    def stderr_tail(self, lines=15):
        try:
            with open(self.stderr_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except (OSError, AttributeError):
            return ""


class Harness:
    """Everything one scenario needs, in one private temporary directory."""

    def __init__(self, client_path, plugin_path, keep=False, capture=True):
        self.client_path = client_path
        self.capture = capture
        self.plugin_path = plugin_path
        self.keep = keep
        self.dir = tempfile.mkdtemp(prefix="seal-e2e-")
        self.servers = {}
        self.captures = {}
        self.clients = []
        self.clients_running = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(failed=exc_type is not None)
        return False

    def server_for(self, protocol):
        if protocol not in self.servers:
            server = e2e_servers.Prosody(self.dir) if protocol == "xmpp" \
                else e2e_servers.Ngircd(self.dir)
            self.servers[protocol] = server
            server.start()
            if self.capture:
                capture = e2e_servers.Capture(self.dir, server.port)
                self.captures[protocol] = capture
                capture.start()
        return self.servers[protocol]

    def client(self, name, protocol="xmpp", seal=True, prefs=(), debug=False):
        self.server_for(protocol)
        client = Client(self, name, protocol, self.plugin_path if seal else None, prefs, debug)
        self.clients.append(client)
        return client

    def wire(self, protocol):
        """Everything the server's port carried so far, each TCP stream as bytes."""
        capture = self.captures[protocol]
        capture.flush()
        return capture.streams()

    def close(self, failed=False):
        for client in list(self.clients_running):
            client.kill()
        for capture in self.captures.values():
            capture.stop()
        for server in self.servers.values():
            server.stop()
        if failed:
            self.report()
        self.report_glib_criticals()
        if self.keep or (failed and os.environ.get("SEAL_E2E_KEEP_FAILED")):
            print("e2e: files kept in %s" % self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def report_glib_criticals(self):
        """GLib CRITICAL lines (a failed g_return_if_fail: a bug, though not
        fatal) from any client: printed as notes, not failures."""
        for client in self.clients:
            for run in range(1, client.run_count + 1):
                path = os.path.join(os.path.dirname(client.user_dir), "stderr-%d.log" % run)
                try:
                    with open(path, errors="replace") as f:
                        criticals = sorted({line.split(": ", 2)[-1].strip()
                                            for line in f if "CRITICAL **" in line})
                except OSError:
                    continue
                for text in criticals:
                    print("note: %s (run %d) logged GLib CRITICAL: %s" % (client.name, run, text))

    def report(self):
        for client in self.clients:
            print("---- %s (%s) events ----" % (client.name, client.protocol))
            print(client.transcript())
            tail = client.stderr_tail()
            if tail:
                print("---- %s stderr (tail) ----\n%s" % (client.name, tail))
        for server in self.servers.values():
            print("---- %s log (tail) ----\n%s" % (server.name, server.log_tail(10)))
