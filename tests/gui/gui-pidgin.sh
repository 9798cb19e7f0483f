#!/usr/bin/env bash
# gui-pidgin.sh BUILD_DIR OUT_DIR
#
# Seal in two real Pidgin 2.14 windows, headless:
#   prosody on a free 127.0.0.1 port; Xvfb on a free display (-displayfd); one
#   accessibility bus; per user a private dbus-daemon and `pidgin --debug` with
#   a fresh config that loads core-seal.so and gtk-seal.so from BUILD_DIR.
#   alice runs in English, bob in German (LANGUAGE=de, SEAL_LOCALEDIR=BUILD/locale).
# It drives a conversation over libpurple's D-Bus API and checks, through
# gtk-seal's debug lines, D-Bus message history and AT-SPI (what the windows
# show), that the conversation gets encrypted, bob sees alice's plaintext and
# never the armor, the wire carries no plaintext, the Seal button shows the
# state in English and German, and verification through the dialog works.
# Screenshots go to OUT_DIR.  Every process it starts is stopped on exit.
# env: SEAL_GUI_TIMEOUT (default 60 s per wait), KEEP=1 (leave it running)
set -u

BUILD=$(cd "$1" && pwd)
OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
TIMEOUT=${SEAL_GUI_TIMEOUT:-60}
KEEP=${KEEP:-0}
CORE_SO=$BUILD/plugin/core/core-seal.so
GTK_SO=$BUILD/plugin/gtk/gtk-seal.so
PY=/usr/bin/python3
mkdir -p "$OUT"; OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/*.png "$OUT"/*.log
T=$(mktemp -d "${TMPDIR:-/tmp}/seal-gui.XXXXXX")
PIDS=()
PASS=0; FAIL=0

now() { date +%s.%N; }
T0=$(now)
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }
log() { echo "[$(elapsed "$T0")s] $*"; }
ok() { PASS=$((PASS+1)); echo "PASS: $*"; }
bad() { FAIL=$((FAIL+1)); echo "FAIL: $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
die() { bad "$*"; exit 1; }

# wait_for SECONDS CMD... : poll CMD until it succeeds or SECONDS pass
wait_for() {
  local end; end=$(awk -v t="$1" -v n="$(now)" 'BEGIN{printf "%.3f", n+t}'); shift
  until "$@" >/dev/null 2>&1; do
    awk -v e="$end" -v n="$(now)" 'BEGIN{exit !(n>e)}' && return 1
    sleep 0.2
  done
}

stop_pid() {
  local p=$1 i
  kill -TERM "$p" 2>/dev/null || return 0
  for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null
}

cleanup() {
  local rc=$? i u
  if [ "$KEEP" = 1 ]; then echo "KEEP=1: kill ${PIDS[*]}; rm -rf $T"; return; fi
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do stop_pid "${PIDS[$i]}"; done
  for u in alice bob; do [ -f "$T/$u/pidgin.log" ] && cp -f "$T/$u/pidgin.log" "$OUT/pidgin-$u.log"; done
  [ -f "$T/bob/pidgin-before-reinstall.log" ] && cp -f "$T/bob/pidgin-before-reinstall.log" "$OUT/pidgin-bob-before-reinstall.log"
  [ -f "$T/prosody/prosody.log" ] && cp -f "$T/prosody/prosody.log" "$OUT/prosody.log"
  rm -rf "$T"
  echo "$PASS passed, $FAIL failed (screenshots and logs in $OUT)"
  [ "$rc" = 0 ] && [ "$FAIL" != 0 ] && rc=1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in prosody prosodyctl Xvfb dbus-daemon dbus-send pidgin xdotool xprop import convert; do
  command -v "$tool" >/dev/null || die "missing tool: $tool"
done
[ -f "$CORE_SO" ] || die "missing $CORE_SO"
[ -f "$GTK_SO" ] || die "missing $GTK_SO"
[ -f "$BUILD/locale/de/LC_MESSAGES/seal.mo" ] || die "missing $BUILD/locale/de/LC_MESSAGES/seal.mo"
$PY -c 'import pyatspi' 2>/dev/null || die "python3-pyatspi missing"

free_port() { $PY -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# ------------------------------------------------------------ prosody
start_prosody() {
  local P=$T/prosody u
  PORT=$(free_port)
  mkdir -p "$P/data/localhost/roster" "$P/certs"
  cat >"$P/prosody.cfg.lua" <<CFG
run_as_root = true
pidfile = "$P/prosody.pid"
data_path = "$P/data"
interfaces = { "127.0.0.1" }
c2s_ports = { $PORT }
admin_socket = "$P/admin.sock"
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix"; }
modules_disabled = { "s2s"; "tls"; }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_hashed"
storage = "internal"
log = { { levels = { min = "info" }; to = "file"; filename = "$P/prosody.log" } }
VirtualHost "localhost"
CFG
  for u in alice bob; do
    prosodyctl --config "$P/prosody.cfg.lua" register "$u" localhost "${u}pw" >/dev/null 2>>"$P/register.err" ||
      { cat "$P/register.err"; die "prosodyctl register $u"; }
  done
  roster_of alice bob Bob >"$P/data/localhost/roster/alice.dat"
  roster_of bob alice Alice >"$P/data/localhost/roster/bob.dat"
  prosody -F --config "$P/prosody.cfg.lua" >"$P/stdout.log" 2>&1 &
  PIDS+=($!)
  wait_for "$TIMEOUT" port_open || { cat "$P/stdout.log"; die "prosody did not start"; }
  log "prosody on 127.0.0.1:$PORT"
}
roster_of() {
  cat <<LUA
return {
	[false] = { ["version"] = 1; ["pending"] = {}; };
	["$2@localhost"] = { ["subscription"] = "both"; ["name"] = "$3"; ["groups"] = { ["Buddies"] = true; }; };
};
LUA
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# ------------------------------------------------------------ X and accessibility bus
start_display() {
  Xvfb -displayfd 3 -screen 0 1000x900x24 -nolisten tcp 3>"$T/display" >"$T/xvfb.log" 2>&1 &
  PIDS+=($!)
  wait_for 30 test -s "$T/display" || { cat "$T/xvfb.log"; die "Xvfb did not start"; }
  export DISPLAY=:$(head -1 "$T/display")
  # one a11y bus for both clients and the probe (two auto-started ones race
  # for the root window's AT_SPI_BUS property)
  mkdir -p -m 700 "$T/a11y"
  env HOME="$T/a11y" XDG_RUNTIME_DIR="$T/a11y" DBUS_SESSION_BUS_ADDRESS= \
      AT_SPI_BUS_ADDRESS="unix:path=$T/a11y/bus" \
    dbus-daemon --config-file=/usr/share/defaults/at-spi2/accessibility.conf \
      --nofork --nopidfile --address="unix:path=$T/a11y/bus" >"$T/a11y/dbus.log" 2>&1 &
  PIDS+=($!)
  wait_for 30 test -S "$T/a11y/bus" || die "a11y dbus-daemon did not start"
  export AT_SPI_BUS_ADDRESS="unix:path=$T/a11y/bus"
  log "Xvfb on $DISPLAY"
}

# ------------------------------------------------------------ pidgins
write_config() {   # USER ALIAS BLIST_Y
  local u=$1 C=$T/$1/.purple
  mkdir -p "$C/plugins" "$T/$u/home" && mkdir -p -m 700 "$T/$u/run"
  # The plugins under test go into the user's own plugin folder, which Pidgin
  # probes before the system folders: a Seal installed on this machine (by
  # scripts/demo.sh, say) is then the duplicate libpurple refuses, not ours.
  cp "$CORE_SO" "$GTK_SO" "$C/plugins/"
  cat >"$C/accounts.xml" <<XML
<?xml version='1.0' encoding='UTF-8' ?>
<account version='1.0'>
 <account>
  <protocol>prpl-jabber</protocol>
  <name>$u@localhost/pidgin</name>
  <password>${u}pw</password>
  <alias>$2</alias>
  <settings>
   <setting name='connection_security' type='string'>opportunistic_tls</setting>
   <setting name='auth_plain_in_clear' type='bool'>1</setting>
   <setting name='connect_server' type='string'>127.0.0.1</setting>
   <setting name='port' type='int'>$PORT</setting>
   <setting name='ft_proxies' type='string'></setting>
  </settings>
  <settings ui='gtk-gaim'>
   <setting name='auto-login' type='bool'>1</setting>
  </settings>
 </account>
</account>
XML
  cat >"$C/prefs.xml" <<XML
<?xml version='1.0' encoding='UTF-8' ?>
<pref version='1' name='/'>
 <pref name='pidgin'>
  <pref name='plugins'>
   <pref name='loaded' type='pathlist'><item value='$C/plugins/core-seal.so'/><item value='$C/plugins/gtk-seal.so'/></pref>
  </pref>
  <pref name='sound'><pref name='method' type='string' value='none'/></pref>
  <pref name='docklet'><pref name='show' type='string' value='never'/></pref>
  <pref name='blist'>
   <pref name='list_visible' type='bool' value='1'/>
   <pref name='show_offline_buddies' type='bool' value='1'/>
   <pref name='x' type='int' value='0'/>
   <pref name='y' type='int' value='$3'/>
   <pref name='width' type='int' value='220'/>
   <pref name='height' type='int' value='380'/>
  </pref>
 </pref>
</pref>
XML
}

bus() { echo "unix:path=$T/$1/bus"; }

start_pidgin() {   # USER LANGUAGE  (a restart reuses the user's D-Bus)
  local u=$1 language=$2
  local home=(HOME="$T/$u/home" XDG_RUNTIME_DIR="$T/$u/run" XDG_CONFIG_HOME="$T/$u/home/.config"
              XDG_CACHE_HOME="$T/$u/home/.cache" XDG_DATA_HOME="$T/$u/home/.local/share")
  if [ ! -S "$T/$u/bus" ]; then
    env "${home[@]}" DBUS_SESSION_BUS_ADDRESS= \
      dbus-daemon --session --nofork --nopidfile --address="$(bus "$u")" >"$T/$u/dbus.log" 2>&1 &
    PIDS+=($!)
    wait_for 30 test -S "$T/$u/bus" || die "dbus-daemon for $u did not start"
  fi
  env -u LC_ALL -u LC_MESSAGES -u NO_AT_BRIDGE "${home[@]}" DBUS_SESSION_BUS_ADDRESS="$(bus "$u")" \
      GTK_MODULES=gail:atk-bridge LANG=C.UTF-8 LANGUAGE="$language" SEAL_LOCALEDIR="$BUILD/locale" \
      pidgin --config="$T/$u/.purple" --debug >"$T/$u/pidgin.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  eval "PIDGIN_$u=$pid"
}
pidgin_pid() { eval echo "\$PIDGIN_$1"; }

# pq USER METHOD ARGS... : call libpurple over USER's D-Bus
pq() {
  local u=$1 m=$2; shift 2
  DBUS_SESSION_BUS_ADDRESS=$(bus "$u") dbus-send --print-reply=literal --reply-timeout=20000 \
    --dest=im.pidgin.purple.PurpleService /im/pidgin/purple/PurpleObject \
    "im.pidgin.purple.PurpleInterface.$m" "$@"
}
pint() { pq "$@" | awk '/int32|uint32/{print $2; exit}'; }
signed_on() { local a; a=$(pint "$1" PurpleAccountsFindConnected string: string:prpl-jabber); [ -n "$a" ] && [ "$a" != 0 ]; }
win() { xdotool search --all --onlyvisible --pid "$(pidgin_pid "$1")" --name "$2" 2>/dev/null | head -1; }
has_win() { [ -n "$(win "$1" "$2")" ]; }
probe() { local u=$1; shift; DBUS_SESSION_BUS_ADDRESS=$(bus "$u") $PY "$HERE/atspi-probe.py" --pid "$(pidgin_pid "$u")" --timeout "$TIMEOUT" "$@"; }
probe_quick() { local u=$1; shift; DBUS_SESSION_BUS_ADDRESS=$(bus "$u") $PY "$HERE/atspi-probe.py" --pid "$(pidgin_pid "$u")" --timeout 3 "$@"; }
in_log() { grep -qE "$2" "$T/$1/pidgin.log"; }

# conv_has USER PEER TEXT : USER's conversation with PEER shows TEXT (D-Bus history)
conv_texts() {
  local u=$1 peer=$2 acc c m
  acc=$(pint "$u" PurpleAccountsFindConnected string: string:prpl-jabber)
  c=$(pint "$u" PurpleFindConversationWithAccount int32:1 string:"$peer@localhost" int32:"$acc")
  [ -n "$c" ] && [ "$c" != 0 ] || return 1
  for m in $(pq "$u" PurpleConversationGetMessageHistory int32:"$c" | awk '/int32/{print $2}'); do
    pq "$u" PurpleConversationMessageGetMessage int32:"$m"
  done
}
conv_has() { conv_texts "$1" "$2" | grep -qF "$3"; }
conv_lacks() { ! conv_texts "$1" "$2" | grep -qF "$3"; }
wire_lacks() { ! grep -F 'jabber: Recv' "$T/$1/pidgin.log" | grep -qF "$2"; }

shot_window() {   # WINDOW FILE
  sleep 0.7   # let GTK repaint (no WM, no compositor)
  import -window "$1" "$T/raw.png" 2>/dev/null && convert "$T/raw.png" +repage -strip PNG8:"$OUT/$2" &&
    log "screenshot $2"
}
shot_root() {   # GEOMETRY FILE
  sleep 0.7
  import -window root "$T/raw.png" 2>/dev/null &&
    convert "$T/raw.png" -crop "$1" +repage -strip PNG8:"$OUT/$2" && log "screenshot $2"
}

# ================================================================= the test
start_prosody
start_display
write_config alice Alice 0
write_config bob Bob 410
start_pidgin alice ""
start_pidgin bob de
for u in alice bob; do
  if wait_for "$TIMEOUT" signed_on "$u"; then ok "$u signed on"
  else tail -20 "$T/$u/pidgin.log"; die "$u did not sign on"; fi
done
for u in alice bob; do
  check "$u: core-seal and gtk-seal loaded" wait_for "$TIMEOUT" in_log "$u" "gtk-seal: loaded"
done

A_ACC=$(pint alice PurpleAccountsFindConnected string: string:prpl-jabber)
CONV=$(pint alice PurpleConversationNew int32:1 int32:"$A_ACC" string:bob@localhost)
wait_for "$TIMEOUT" has_win alice '^Bob$' || die "alice: no conversation window"
A_WIN=$(win alice '^Bob$')
xdotool windowmove "$A_WIN" 225 0; xdotool windowsize "$A_WIN" 600 400
check "alice: Seal button shows 'Not encrypted' in a new conversation" probe alice has-button "Not encrypted"

# first message: opportunistic policy -> Seal sets up encryption by itself
IM=$(pint alice PurpleConvIm int32:"$CONV")
MSG1="Hello Bob, first message $(date +%s)"
pq alice PurpleConvImSend int32:"$IM" string:"$MSG1" >/dev/null
check "bob: shows alice's first message" wait_for "$TIMEOUT" conv_has bob alice "$MSG1"
# (if the policy did not start it within 20 s, start it the way a user would)
if ! wait_for 20 in_log alice "gtk-seal: state bob@localhost[^:]*: [a-z-]+ -> (pending|unverified)"; then
  log "not encrypting by itself: choosing 'Start encryption' in alice's Seal menu"
  probe_quick alice click "Not encrypted" >/dev/null && probe alice click "Start encryption" >/dev/null
fi
wait_for "$TIMEOUT" in_log alice "gtk-seal: state bob@localhost[^:]*: [a-z-]+ -> unverified" ||
  die "alice: gtk-seal never saw the conversation become encrypted"
ok "alice: gtk-seal saw the conversation become encrypted (unverified)"
check "bob: gtk-seal saw the conversation become encrypted (unverified)" \
  wait_for "$TIMEOUT" in_log bob "gtk-seal: state alice@localhost[^:]*: [a-z-]+ -> unverified"

MSG2="Encrypted hello $(date +%s)"
pq alice PurpleConvImSend int32:"$IM" string:"$MSG2" >/dev/null
check "bob: shows alice's encrypted message as plaintext (D-Bus history)" wait_for "$TIMEOUT" conv_has bob alice "$MSG2"
check "bob: history holds no ?SEAL armor" conv_lacks bob alice "?SEAL"
check "wire: bob received no plaintext of the encrypted message" wire_lacks bob "$MSG2"
check "wire: bob received ?SEAL armor" grep -qF '?SEAL' "$T/bob/pidgin.log"

wait_for "$TIMEOUT" has_win bob '^Alice$' || bad "bob: no conversation window"
B_WIN=$(win bob '^Alice$')
[ -n "$B_WIN" ] && { xdotool windowmove "$B_WIN" 225 410; xdotool windowsize "$B_WIN" 600 400; }
check "alice (AT-SPI): button says 'Encrypted (unverified)'" probe alice has-button "Encrypted (unverified)"
check "bob (AT-SPI, German): button says 'Verschlüsselt (nicht verifiziert)'" \
  probe bob has-button "Verschlüsselt (nicht verifiziert)"
check "bob (AT-SPI): window shows the plaintext" probe bob has-text "$MSG2"
check "bob (AT-SPI): window shows no armor" probe_quick bob lacks-text "?SEAL"
shot_window "$A_WIN" alice-conversation.png
[ -n "$B_WIN" ] && shot_window "$B_WIN" bob-conversation-de.png

# the Seal menu, then the verification dialog on both sides
probe alice click "Encrypted (unverified)" >/dev/null
check "alice (AT-SPI): Seal menu offers 'Verify contact…'" probe alice has-item "Verify contact…"
shot_root 610x475+225+0 alice-seal-menu.png
check "alice: menu item 'Verify contact…' clicked" probe alice click "Verify contact…"
check "alice: verification dialog opened" wait_for "$TIMEOUT" has_win alice '^Verify '
A_DLG=$(win alice '^Verify ')
[ -n "$A_DLG" ] && { xdotool windowmove "$A_DLG" 225 0; shot_window "$A_DLG" verify-dialog.png; }
probe bob click "Verschlüsselt (nicht verifiziert)" >/dev/null
check "bob (German): menu item 'Kontakt verifizieren…' clicked" probe bob click "Kontakt verifizieren…"
check "bob (German): dialog 'Alice (alice@localhost) verifizieren' opened" \
  wait_for "$TIMEOUT" has_win bob 'verifizieren$'
B_DLG=$(win bob 'verifizieren$')
[ -n "$B_DLG" ] && { xdotool windowmove "$B_DLG" 225 410; shot_window "$B_DLG" verify-dialog-de.png; }

A_LABELS=$(probe alice labels "Verify ")
B_LABELS=$(probe bob labels "verifizieren")
FP_RE='^[0-9]{5}( [0-9]{5})+$'
A_FPS=$(echo "$A_LABELS" | grep -E "$FP_RE")
B_FPS=$(echo "$B_LABELS" | grep -E "$FP_RE")
echo "alice's dialog fingerprints:"; echo "$A_FPS" | sed 's/^/  /'
echo "bob's dialog fingerprints:"; echo "$B_FPS" | sed 's/^/  /'
check "alice's dialog shows two grouped fingerprints" test "$(echo "$A_FPS" | grep -c .)" = 2
check "both dialogs show the same two fingerprints (own and peer swapped)" \
  test "$(echo "$A_FPS" | head -1)" = "$(echo "$B_FPS" | tail -1)" -a \
       "$(echo "$A_FPS" | tail -1)" = "$(echo "$B_FPS" | head -1)" -a -n "$A_FPS"
check "alice's dialog tells how to compare (phone, in person)" bash -c 'grep -q "phone" <<<"$1"' _ "$A_LABELS"

check "alice: clicked 'They match — mark as verified'" probe alice click "They match — mark as verified"
check "alice: gtk-seal saw the conversation become verified" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: state bob@localhost[^:]*: unverified -> verified"
check "alice (AT-SPI): button says 'Encrypted and verified'" probe alice has-button "Encrypted and verified"
check "bob: Cancel closes the dialog, bob's state stays unverified" probe bob click "Abbrechen"
wait_for "$TIMEOUT" bash -c "! xdotool search --all --onlyvisible --pid $(pidgin_pid bob) --name 'verifizieren\$' >/dev/null"
check "bob (AT-SPI): button still says 'Verschlüsselt (nicht verifiziert)'" \
  probe bob has-button "Verschlüsselt (nicht verifiziert)"
shot_window "$A_WIN" alice-verified.png

# "Show fingerprints" and the per-contact policy, from alice's Seal menu
probe alice click "Encrypted and verified" >/dev/null
check "alice: menu item 'Show fingerprints' clicked" probe alice click "Show fingerprints"
check "alice: fingerprints window opened" wait_for "$TIMEOUT" has_win alice '^Fingerprints for '
F_FPS=$(probe alice labels "Fingerprints for " | grep -E "$FP_RE")
check "alice: fingerprints window shows the same two fingerprints" test "$F_FPS" = "$A_FPS"
xdotool windowfocus --sync "$(win alice '^Fingerprints for ')" key Escape
probe alice click "Encrypted and verified" >/dev/null
check "alice: Seal menu built with the default policy (opportunistic)" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: menu for bob@localhost[^:]*: policy opportunistic"
check "alice: policy menu marks 'Encrypt when possible'" probe alice checked "Encrypt when possible"
check "alice: chose 'Always encrypt' for bob" probe alice click "Always encrypt"
check "alice: gtk-seal asked core-seal to always encrypt with bob" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: setting policy for bob@localhost[^:]*: always"
xdotool key Escape
probe alice click "Encrypted and verified" >/dev/null
check "alice: core-seal now reports 'always' for bob (menu rebuilt)" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: menu for bob@localhost[^:]*: policy always"
xdotool key Escape
shot_root 1000x820+0+0 both-clients.png

# bob "reinstalls" (new identity key): alice must get the key-change warning
stop_pid "$(pidgin_pid bob)"
rm -rf "$T/bob/.purple/seal"
mv "$T/bob/pidgin.log" "$T/bob/pidgin-before-reinstall.log"
start_pidgin bob de
wait_for "$TIMEOUT" signed_on bob || die "bob did not sign on again"
wait_for "$TIMEOUT" in_log bob "gtk-seal: loaded" || die "bob: gtk-seal not loaded after restart"
MSG3="After bob's reinstall $(date +%s)"
pq alice PurpleConvImSend int32:"$IM" string:"$MSG3" >/dev/null
if ! wait_for 20 in_log alice "gtk-seal: key of bob@localhost[^ ]* changed"; then
  log "no key change yet: bob writes to alice"
  B_ACC=$(pint bob PurpleAccountsFindConnected string: string:prpl-jabber)
  B_CONV=$(pint bob PurpleConversationNew int32:1 int32:"$B_ACC" string:alice@localhost)
  pq bob PurpleConvImSend int32:"$(pint bob PurpleConvIm int32:"$B_CONV")" string:"Hallo, neues Gerät" >/dev/null
fi
check "alice: gtk-seal got seal-key-changed for bob" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: key of bob@localhost[^ ]* changed"
check "alice: key-change warning dialog shown" wait_for "$TIMEOUT" has_win alice '^Seal: key changed$'
K_DLG=$(win alice '^Seal: key changed$')
[ -n "$K_DLG" ] && { xdotool windowmove "$K_DLG" 225 0; shot_window "$K_DLG" key-changed-dialog.png; }
check "alice (AT-SPI): button says 'Key changed'" probe alice has-button "Key changed"
K_LABELS=$(probe alice labels "has changed")
check "alice (AT-SPI): warning explains interception and what to do" \
  bash -c 'grep -q intercepting <<<"$1" && grep -q "compare fingerprints" <<<"$1"' _ "$K_LABELS"
check "alice: clicked 'Accept new key'" probe alice click "Accept new key"
check "alice: accepted key leaves the contact encrypted but unverified" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: state bob@localhost[^:]*: key-changed -> (unverified|pending)"
check "alice (AT-SPI): button says 'Encrypted (unverified)' again" probe alice has-button "Encrypted (unverified)"

# the preferences page: Tools > Plugins, select gtk-seal, Configure Plugin
check "alice: Tools > Plugins opened" probe alice click "Plugins"
check "alice: gtk-seal selected in the plugin list" probe alice select-row "Seal (Pidgin interface)"
check "alice: 'Configure Plugin' clicked" probe alice click "Configure Plugin"
check "alice: Seal preferences window opened" wait_for "$TIMEOUT" has_win alice '^Seal \(Pidgin interface\)$'
P_LABELS=$(probe alice labels "Default policy:")
for want in "Default policy:" "Record the conversations of these accounts:" "Keep records for" "Recording notice:" "The largest message each network accepts"; do
  check "alice (AT-SPI): preferences show '$want'" bash -c 'grep -qF "$1" <<<"$2"' _ "$want" "$P_LABELS"
done
P_WIN=$(win alice '^Seal \(Pidgin interface\)$')
[ -n "$P_WIN" ] && { xdotool windowmove "$P_WIN" 225 0; shot_window "$P_WIN" preferences.png; }
close_window() { [ -n "$1" ] && xdotool windowfocus --sync "$1" key Escape; }
close_window "$P_WIN"

# unloading gtk-seal removes its buttons; loading it again brings them back
count_in_log() { grep -cE "$2" "$T/$1/pidgin.log"; }
log_count_at_least() { [ "$(count_in_log "$1" "$2")" -ge "$3" ]; }
check "alice: gtk-seal disabled in the plugin list" probe alice toggle-row "Seal (Pidgin interface)"
check "alice: gtk-seal unloaded" wait_for "$TIMEOUT" in_log alice "gtk-seal: unloaded"
check "alice (AT-SPI): no Seal button after unload" probe alice lacks-button "Encrypted"
check "alice: gtk-seal enabled again" probe alice toggle-row "Seal (Pidgin interface)"
check "alice: gtk-seal loaded again" wait_for "$TIMEOUT" log_count_at_least alice "gtk-seal: loaded" 2
check "alice (AT-SPI): button back with the current state" probe alice has-button "Encrypted (unverified)"
close_window "$(win alice '^Plugins$')"
wait_for "$TIMEOUT" bash -c "! xdotool search --all --onlyvisible --pid $(pidgin_pid alice) --name '^(Plugins|Seal \\(Pidgin interface\\))\$' >/dev/null"

# End, then Start again, from the Seal menu
probe alice click "Encrypted (unverified)" >/dev/null
check "alice: menu item 'End encryption' clicked" probe alice click "End encryption"
check "alice: gtk-seal saw the conversation end" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: state bob@localhost[^:]*: [a-z-]+ -> ended"
check "alice (AT-SPI): button says 'Ended'" probe alice has-button "Ended"
probe alice click "Ended" >/dev/null
check "alice: menu item 'Start encryption' clicked" probe alice click "Start encryption"
check "alice: gtk-seal saw encryption start again" \
  wait_for "$TIMEOUT" in_log alice "gtk-seal: state bob@localhost[^:]*: ended -> (pending|unverified)"
check "alice (AT-SPI): button says 'Encrypted (unverified)' after the restart" \
  probe alice has-button "Encrypted (unverified)"
MSG4="After restarting encryption $(date +%s)"
pq alice PurpleConvImSend int32:"$IM" string:"$MSG4" >/dev/null
check "bob: shows the message sent after the restart" wait_for "$TIMEOUT" conv_has bob alice "$MSG4"
check "wire: that message was not sent in the clear" wire_lacks bob "$MSG4"

# a hidden conversation (Pidgin's "hide new IM conversations: always") gets
# its button when it is shown
B_ACC=$(pint bob PurpleAccountsFindConnected string: string:prpl-jabber)
pq bob PurplePrefsSetString string:/pidgin/conversations/im/hide_new string:always >/dev/null
pq bob PurpleConversationDestroy \
  int32:"$(pint bob PurpleFindConversationWithAccount int32:1 string:alice@localhost int32:"$B_ACC")" >/dev/null
wait_for "$TIMEOUT" bash -c "! xdotool search --all --onlyvisible --pid $(pidgin_pid bob) --name '^Alice\$' >/dev/null"
MSG5="To a hidden conversation $(date +%s)"
pq alice PurpleConvImSend int32:"$IM" string:"$MSG5" >/dev/null
check "bob: the new conversation is hidden but has alice's message" wait_for "$TIMEOUT" conv_has bob alice "$MSG5"
check "bob: no window for the hidden conversation" bash -c '! xdotool search --all --onlyvisible --pid "$1" --name "^Alice\$" >/dev/null' _ "$(pidgin_pid bob)"
pq bob PurpleConversationPresent \
  int32:"$(pint bob PurpleFindConversationWithAccount int32:1 string:alice@localhost int32:"$B_ACC")" >/dev/null
check "bob: the conversation is shown on request" wait_for "$TIMEOUT" has_win bob '^Alice$'
check "bob (AT-SPI): its Seal button shows 'Verschlüsselt (nicht verifiziert)'" \
  probe bob has-button "Verschlüsselt (nicht verifiziert)"

unexpected=$(for w in $(xdotool search --onlyvisible --name '.' 2>/dev/null); do
  r=$(xprop -id "$w" WM_WINDOW_ROLE 2>/dev/null | sed -n 's/.*= "\(.*\)"/\1/p')
  case "$r" in buddy_list|conversation) ;; *) echo "$w:$(xdotool getwindowname "$w"):$r";; esac
done)
check "no unexpected windows ${unexpected:+($unexpected)}" test -z "$unexpected"
log "done"
[ "$FAIL" = 0 ]
