#!/usr/bin/env bash
# Fails when a user-visible string in ui/ is missing from the committed translations, or when
# a Chinese entry is left untranslated: runs lupdate over ui/ into copies of the .ts files
# and compares them with the committed ones.
#   usage: translations_complete.sh LUPDATE_BINARY SOURCE_DIR
set -euo pipefail
lupdate=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for ts in relaydesk_en.ts relaydesk_zh_CN.ts; do
  cp "$src/translations/$ts" "$work/$ts"
  "$lupdate" -silent "$src/ui" -ts "$work/$ts" -locations none -no-obsolete
  if ! diff -u "$src/translations/$ts" "$work/$ts"; then
    echo "translations/$ts is out of date: cmake --build <build> --target update_translations," \
         "then translate the new entries (translations/README.md)" >&2
    status=1
  fi
done
if grep -n 'type="unfinished"' "$src/translations/relaydesk_zh_CN.ts"; then
  echo "translations/relaydesk_zh_CN.ts has untranslated entries (above)" >&2
  status=1
fi
exit $status
