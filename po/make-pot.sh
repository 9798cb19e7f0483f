#!/bin/sh
# Writes Seal's message template: make-pot.sh SOURCE_DIR OUTPUT.pot
# Sources are the files listed in po/POTFILES.in (relative to SOURCE_DIR).
# Used by the `pot` / `update-po` build targets and by the po_pot_current test,
# so both always agree on how the template is made.
set -eu
src=$1
out=$2
list=$(mktemp)
err=$(mktemp)
trap 'rm -f "$list" "$err"' EXIT
grep -v -e '^#' -e '^[[:space:]]*$' "$src/po/POTFILES.in" >"$list"
xgettext --directory="$src" --files-from="$list" --output="$out" \
  --language=C --from-code=UTF-8 --sort-output --add-comments=TRANSLATORS \
  --keyword=_ --keyword=N_ --keyword=ngettext:1,2 --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --package-name=seal --msgid-bugs-address= 2>"$err" || { cat "$err" >&2; exit 1; }
# a readable header instead of xgettext's placeholders
sed -i -e '1s/.*/# Seal: template for translations (generated: see po\/README)./' \
       -e "2s/.*/# Copyright (C) The Seal authors/" \
       -e '4s/.*/#/' "$out"
