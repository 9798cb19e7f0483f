#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for SEAL_FUZZ_SECONDS
# (default 60).  Seeds and regression inputs live in tests/fuzz/<target>/;
# a crashing input is copied there so it becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${SEAL_FUZZ_SECONDS:-60}
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSEAL_FUZZ=ON \
  -DSEAL_BUILD_PLUGIN=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc 2>/dev/null || echo 2)"
shopt -s nullglob
targets=(build-fuzz/tests/fuzz/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then echo "fuzz: no targets built"; exit 0; fi
failed=0
for t in "${targets[@]}"; do
  name=$(basename "$t")
  seeds="tests/fuzz/${name#fuzz_}"
  work=$(mktemp -d)
  [ -d "$seeds" ] && cp -r "$seeds/." "$work/" 2>/dev/null || true
  echo "fuzz: $name for ${secs}s"
  if ! "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$work/" \
       "$work" >"$work/log" 2>&1; then
    echo "fuzz: $name FAILED; crashing inputs copied to $seeds/"
    mkdir -p "$seeds"; cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$seeds/" 2>/dev/null || true
    tail -40 "$work/log"; failed=1
  else
    tail -1 "$work/log"
  fi
  rm -rf "$work"
done
exit $failed
