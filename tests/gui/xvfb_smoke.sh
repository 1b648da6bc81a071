#!/usr/bin/env bash
# GUI smoke test on a real X server: the relaydesk binary starts in GUI mode under Xvfb, its
# main window maps and paints (screenshot saved as an artefact), and SIGTERM ends it with exit
# code 0. Debian packages: xvfb xauth x11-utils (xwininfo) x11-apps (xwd) netpbm.
#
# usage: xvfb_smoke.sh RELAYDESK_BINARY SCREENSHOT_DIR
set -uo pipefail

readonly POLL_S=0.2
readonly MAP_POLLS=150    # 30 s for the window to map
readonly PAINT_POLLS=50   # 10 s for it to paint
readonly EXIT_POLLS=100   # 20 s to exit after SIGTERM

fail() { echo "xvfb_smoke: FAIL: $*" >&2; exit 1; }

if [[ "${1:-}" != --inner ]]; then
  [[ $# -eq 2 ]] || { echo "usage: $0 RELAYDESK_BINARY SCREENSHOT_DIR" >&2; exit 2; }
  for tool in xvfb-run xauth xwininfo xwd xwdtopnm pnmtopng ppmhist; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
  done
  [[ -x "$1" ]] || fail "no binary at $1"
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash "$0" --inner "$1" "$2"
fi

binary=$2
shotdir=$3
work=$(mktemp -d)
pid=
cleanup() {
  [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Nothing may land in the user's real settings, data or cache folders.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/share" \
       XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=xcb
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$work/data"
mkdir -m 700 "$XDG_RUNTIME_DIR"

"$binary" --data-dir "$work/data" --listen 127.0.0.1:0 >"$work/relaydesk.log" 2>&1 &
pid=$!

alive_or_fail() {
  kill -0 "$pid" 2>/dev/null && return
  wait "$pid"; local rc=$?; pid=
  cat "$work/relaydesk.log" >&2
  fail "relaydesk exited early (code $rc) while $1"
}

# Any window titled RelayDesk that is viewable (Qt may create it before mapping it).
window_mapped() {
  local id
  for id in $(xwininfo -root -tree 2>/dev/null | awk '/"RelayDesk"/ { print $1 }'); do
    xwininfo -id "$id" 2>/dev/null | grep -q 'Map State: IsViewable' && return 0
  done
  return 1
}

mapped=
for ((i = 0; i < MAP_POLLS; i++)); do
  alive_or_fail "waiting for its window"
  if window_mapped; then mapped=1; break; fi
  sleep "$POLL_S"
done
[[ -n "$mapped" ]] || { cat "$work/relaydesk.log" >&2; fail "no mapped window named RelayDesk"; }

# Mapped is not painted yet: retake the screenshot until it shows more than a few colours.
mkdir -p "$shotdir" || fail "cannot create $shotdir"
painted=
colours=0
for ((i = 0; i < PAINT_POLLS; i++)); do
  alive_or_fail "taking the screenshot"
  if xwd -root -silent | xwdtopnm 2>/dev/null >"$work/shot.pnm"; then
    colours=$(ppmhist -noheader "$work/shot.pnm" 2>/dev/null | wc -l)
    if (( colours > 16 )); then painted=1; break; fi
  fi
  sleep "$POLL_S"
done
[[ -n "$painted" ]] || fail "the window never painted (last screenshot: $colours colours)"
pnmtopng "$work/shot.pnm" >"$shotdir/main.png" 2>/dev/null || fail "pnmtopng failed"
echo "xvfb_smoke: screenshot $shotdir/main.png ($colours colours)"

kill -TERM "$pid"
for ((i = 0; i < EXIT_POLLS; i++)); do
  kill -0 "$pid" 2>/dev/null || break
  sleep "$POLL_S"
done
kill -0 "$pid" 2>/dev/null && fail "still running $(( EXIT_POLLS / 5 )) s after SIGTERM"
wait "$pid"; rc=$?; pid=
if (( rc != 0 )); then
  cat "$work/relaydesk.log" >&2
  fail "exit code $rc after SIGTERM, expected 0"
fi
echo "xvfb_smoke: PASS"
