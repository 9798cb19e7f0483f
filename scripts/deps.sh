#!/usr/bin/env bash
# Installs everything Seal needs to build, test and demo on Debian 12 (bookworm).
# The one list of system dependencies: keep it complete.
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config gettext
  libglib2.0-dev libgcrypt20-dev libsqlite3-dev libpurple-dev pidgin-dev
  # clients and servers for the end-to-end and GUI tests and the demo
  pidgin finch libpurple-bin prosody ngircd
  xvfb xdotool x11-utils imagemagick dbus dbus-x11 libatk-adaptor python3-pyatspi
  # tests and tools
  python3 tcpdump valgrind clang libclang-rt-14-dev postgresql
  # the benchmark's comparison peer
  libotr5-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
echo "deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
echo "deps: done"
