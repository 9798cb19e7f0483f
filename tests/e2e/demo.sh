#!/usr/bin/env bash
# Seal's headless two-client demo.  Usage: tests/e2e/demo.sh BUILD-DIR
# (scripts/demo.sh runs it after building and installing).  Needs prosody;
# as root it also shows what the server carried (tcpdump of its port).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: demo.sh BUILD-DIR}" && pwd)
client=$build/tests/e2e/seal-e2e-client
plugin=$build/plugin/core/core-seal.so
for f in "$client" "$plugin"; do
  [ -e "$f" ] || { echo "demo: $f is missing; build first (cmake --build $build)"; exit 1; }
done
exec python3 "$here/demo.py" "$client" "$plugin"
