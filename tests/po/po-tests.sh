#!/bin/sh
# Checks Seal's translations.  po-tests.sh MODE SOURCE_DIR
#   check       every po/<lang>.po passes msgfmt -c --check-format
#   complete    every po/<lang>.po has every message of po/seal.pot translated,
#               none fuzzy or untranslated
#   pot-current po/POTFILES.in lists every source file with translatable strings,
#               and po/seal.pot equals a freshly generated template (ignoring the
#               POT-Creation-Date line and "#:" source-line references)
# Fix a failure with:  cmake --build <build> --target update-po  (see po/README)
set -u
mode=$1
src=$2
po_dir=$src/po
langs=$(grep -v '^#' "$po_dir/LINGUAS")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=1; }

check_po() {
  for lang in $langs; do
    if msgfmt -c --check-format -o /dev/null "$po_dir/$lang.po"; then
      echo "ok: $lang.po passes msgfmt -c --check-format"
    else
      fail "$lang.po does not pass msgfmt -c --check-format"
    fi
  done
}

complete_po() {
  for lang in $langs; do
    stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$po_dir/$lang.po" 2>&1)
    case "$stats" in
      *untranslated*|*fuzzy*) fail "$lang.po: $stats" ;;
      *) echo "ok: $lang.po: $stats" ;;
    esac
    # msgcmp: every msgid of the template is in the .po
    if ! msgcmp "$po_dir/$lang.po" "$po_dir/seal.pot" 2>"$tmp/msgcmp"; then
      fail "$lang.po lacks messages of seal.pot:"; cat "$tmp/msgcmp"
    fi
  done
}

comparable() { grep -v -e '^#:' -e '^"POT-Creation-Date:' "$1"; }

pot_current() {
  sh "$po_dir/update-potfiles.sh" "$src" "$tmp/POTFILES.in"
  if ! diff -u "$po_dir/POTFILES.in" "$tmp/POTFILES.in"; then
    fail "po/POTFILES.in is stale (diff above)"
  fi
  sh "$po_dir/make-pot.sh" "$src" "$tmp/seal.pot" || { fail "xgettext failed"; return; }
  comparable "$po_dir/seal.pot" >"$tmp/committed"
  comparable "$tmp/seal.pot" >"$tmp/fresh"
  if diff -u "$tmp/committed" "$tmp/fresh"; then
    echo "ok: po/seal.pot is current"
  else
    fail "po/seal.pot is stale (diff above: - committed, + fresh)"
  fi
}

case "$mode" in
  check) check_po ;;
  complete) complete_po ;;
  pot-current) pot_current ;;
  *) echo "usage: $0 check|complete|pot-current SOURCE_DIR"; exit 2 ;;
esac
if [ "$failed" != 0 ]; then
  echo "To fix: cmake --build <build dir> --target update-po, translate what is new, see po/README"
  exit 1
fi
