"""Throwaway chat servers and a loopback capture for Seal's end-to-end tests.

prosody (XMPP) and ngircd (IRC) run on free 127.0.0.1 ports with temporary
configs in a private directory; tcpdump records the server port so tests can
check what the server carried.  Every start has a matching stop; callers put
them in try/finally (see e2e_harness.Harness)."""

import os
import signal
import socket
import struct
import subprocess
import time

USERS = {"alice": "alicepw", "bob": "bobpw", "carol": "carolpw", "dave": "davepw"}
XMPP_DOMAIN = "localhost"


def die_with_parent():
    """Popen preexec_fn: the child gets SIGTERM when the runner dies, even by
    SIGKILL (Linux; kept only while the child does not change its user)."""
    import ctypes
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def stop_process(proc, timeout=15):
    """Terminate proc (SIGTERM, then SIGKILL) and reap it."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


class Server:
    """A server process listening on a free loopback port."""

    name = "server"

    def __init__(self, workdir):
        self.dir = os.path.join(workdir, self.name)
        os.makedirs(self.dir, mode=0o700, exist_ok=True)
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.dir, self.name + ".out")

    def command(self):
        raise NotImplementedError

    def write_config(self):
        raise NotImplementedError

    def start(self, timeout=30):
        """Start on a free port; retry with another port if it was taken."""
        for _ in range(3):
            self.port = free_port()
            self.write_config()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(self.command(), stdout=log, stderr=log,
                                             stdin=subprocess.DEVNULL, cwd=self.dir,
                                             preexec_fn=die_with_parent)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if port_open(self.port):
                    return
                time.sleep(0.05)
            stop_process(self.proc)
        raise RuntimeError("%s did not start; log %s:\n%s" % (self.name, self.log_path,
                                                              self.log_tail()))

    def stop(self):
        stop_process(self.proc)

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""


def _lua_roster(owner):
    entries = "".join(
        '\t["%s@%s"] = { ["subscription"] = "both"; ["name"] = "%s"; '
        '["groups"] = { ["Buddies"] = true; }; };\n' % (u, XMPP_DOMAIN, u.capitalize())
        for u in sorted(USERS) if u != owner)
    return ('return {\n\t[false] = { ["version"] = 1; ["pending"] = {}; };\n%s};\n'
            % entries)


class Prosody(Server):
    """prosody 0.12 with plain-text loopback auth, offline storage, and the
    users of USERS (alice, bob, carol, dave), each with all others on the roster."""

    name = "prosody"

    def write_config(self):
        data = os.path.join(self.dir, "data")
        for sub in ("accounts", "roster"):
            os.makedirs(os.path.join(data, XMPP_DOMAIN, sub), mode=0o700, exist_ok=True)
        os.makedirs(os.path.join(self.dir, "certs"), exist_ok=True)
        for user, password in USERS.items():
            # internal_plain stores passwords as written here: no prosodyctl run needed
            with open(os.path.join(data, XMPP_DOMAIN, "accounts", user + ".dat"), "w") as f:
                f.write('return {\n\t["password"] = "%s";\n};\n' % password)
            with open(os.path.join(data, XMPP_DOMAIN, "roster", user + ".dat"), "w") as f:
                f.write(_lua_roster(user))
        self.config_path = os.path.join(self.dir, "prosody.cfg.lua")
        with open(self.config_path, "w") as f:
            f.write("""-- temporary prosody for Seal's end-to-end tests
run_as_root = true
pidfile = "{d}/prosody.pid"
data_path = "{d}/data"
certificates = "{d}/certs"
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {port} }}
admin_socket = "{d}/admin.sock"
modules_enabled = {{ "roster"; "saslauth"; "disco"; "ping"; "posix"; "offline"; }}
modules_disabled = {{ "s2s"; "tls"; }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
log = {{ {{ levels = {{ min = "info" }}; to = "file"; filename = "{d}/prosody.log" }} }}
VirtualHost "{domain}"
""".format(d=self.dir, port=self.port, domain=XMPP_DOMAIN))

    def command(self):
        return ["prosody", "-F", "--config", self.config_path]


class Ngircd(Server):
    """ngircd with no flood penalties, DNS, ident or PAM.  As root it drops to
    the user nobody after reading its config (it refuses ServerUID 0)."""

    name = "ngircd"

    def write_config(self):
        self.config_path = os.path.join(self.dir, "ngircd.conf")
        motd = os.path.join(self.dir, "motd")
        with open(motd, "w") as f:
            f.write("Seal e2e test server\n")
        with open(self.config_path, "w") as f:
            f.write("""[Global]
Name = irc.seal.test
Info = Seal end-to-end tests
Listen = 127.0.0.1
Ports = {port}
MotdFile = {motd}
[Limits]
MaxPenaltyTime = 0
MaxConnectionsIP = 0
[Options]
DNS = no
Ident = no
PAM = no
""".format(port=self.port, motd=motd))

    def command(self):
        # ngircd switches to the user nobody, which clears die_with_parent;
        # a root shell keeps it and stops ngircd when stopped itself
        return ["sh", "-c", 'ngircd --nodaemon --config "$0" & pid=$!; '
                'trap \'kill $pid; wait $pid; exit 0\' TERM; wait $pid', self.config_path]


class Capture:
    """tcpdump of one TCP port on the loopback interface (needs root)."""

    def __init__(self, workdir, port):
        self.path = os.path.join(workdir, "capture-%d.pcap" % port)
        self.log_path = self.path + ".log"
        self.port = port
        self.proc = None

    def start(self, timeout=20):
        log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            # -Z root: no switch to the tcpdump user, which would also clear
            # die_with_parent and could not write into the private directory
            ["tcpdump", "-i", "lo", "-n", "-U", "--immediate-mode", "-s", "0", "-Z", "root",
             "-w", self.path, "tcp port %d" % self.port],
            stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            with open(self.log_path, errors="replace") as f:
                if "listening on" in f.read():
                    return
            time.sleep(0.05)
        self.stop()
        with open(self.log_path, errors="replace") as f:
            raise RuntimeError("tcpdump did not start: " + f.read())

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def flush(self, timeout=10):
        """Wait until tcpdump has written what it saw (the file stops growing)."""
        deadline = time.monotonic() + timeout
        last = -1
        while time.monotonic() < deadline:
            time.sleep(0.3)
            size = os.path.getsize(self.path) if os.path.exists(self.path) else 0
            if size == last:
                return
            last = size

    def streams(self):
        """The TCP payload of each direction of each connection, reassembled."""
        return read_pcap_streams(self.path)


def _link_header_length(linktype, packet):
    if linktype == 1:        # Ethernet (Linux lo)
        return 14 if packet[12:14] == b"\x08\x00" else None
    if linktype == 113:      # Linux cooked v1
        return 16 if packet[14:16] == b"\x08\x00" else None
    if linktype == 276:      # Linux cooked v2
        return 20 if packet[0:2] == b"\x08\x00" else None
    if linktype in (0, 108):  # BSD loopback
        return 4
    return None


def _tcp_segment(linktype, packet):
    """(flow key, sequence number, payload) of an IPv4 TCP packet, or None."""
    start = _link_header_length(linktype, packet)
    if start is None or len(packet) < start + 20:
        return None
    ip = packet[start:]
    if ip[0] >> 4 != 4 or ip[9] != 6:
        return None
    ip_len = (ip[0] & 0x0F) * 4
    total = struct.unpack("!H", ip[2:4])[0]
    tcp = ip[ip_len:total]
    if len(tcp) < 20:
        return None
    sport, dport, seq = struct.unpack("!HHI", tcp[:8])
    payload = tcp[(tcp[12] >> 4) * 4:]
    key = (ip[12:16], sport, ip[16:20], dport)
    return key, seq, payload


def read_pcap_streams(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return []
    magic = data[:4]
    endian = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    segments = {}
    offset = 24
    while offset + 16 <= len(data):
        incl_len = struct.unpack(endian + "I", data[offset + 8:offset + 12])[0]
        packet = data[offset + 16:offset + 16 + incl_len]
        offset += 16 + incl_len
        seg = _tcp_segment(linktype, packet)
        if seg is not None and seg[2]:
            segments.setdefault(seg[0], {})[seg[1]] = seg[2]
    streams = []
    for pieces in segments.values():
        seqs = sorted(pieces)
        stream = bytearray()
        base = seqs[0]
        for seq in seqs:  # retransmissions overlap: write at their offset
            at = (seq - base) % (1 << 32)
            piece = pieces[seq]
            if at + len(piece) > len(stream):
                stream[at:] = piece
        streams.append(bytes(stream))
    return streams
