#!/usr/bin/env bash
# GUI smoke tests of the real binary on a real X server (Xvfb).
#   default: relaydesk starts in GUI mode, its main window maps and paints (screenshot
#            SCREENSHOT_DIR/main.png), and SIGTERM ends it with exit code 0.
#   --tray:  the same with a system tray (trayer): closing the window from the window manager
#            hides it into the tray while the process keeps running (screenshot tray.png), and
#            SIGTERM still ends it with 0 (Qt 6's quit() gives up if a window refuses to close).
#   --tabs SEEDER: SEEDER (relaydesk_seed) fills the data dir with a day of demo data first;
#            then each tab is reached with the keyboard (Ctrl+Tab, as a user would) and its
#            window is saved as tab-N-NAME.png once painted and different from the tab before.
#            docs/images/ holds copies of these for docs/user-guide.md.
# Debian packages: xvfb xauth x11-utils (xwininfo) x11-apps (xwd) netpbm; --tray also trayer
# and python3 (sends the window manager's WM_DELETE_WINDOW); --tabs also xdotool.
#
# usage: xvfb_smoke.sh [--tray | --tabs SEEDER] RELAYDESK_BINARY SCREENSHOT_DIR
set -uo pipefail

readonly POLL_S=0.2
readonly MAP_POLLS=150    # 30 s for a window to map
readonly PAINT_POLLS=50   # 10 s for it to paint
readonly EXIT_POLLS=100   # 20 s to exit after SIGTERM

fail() { echo "xvfb_smoke: FAIL: $*" >&2; exit 1; }

if [[ "${1:-}" != --inner ]]; then
  mode=window
  if [[ "${1:-}" == --tray ]]; then mode=tray; shift; fi
  if [[ "${1:-}" == --tabs ]]; then mode=tabs; export RELAYDESK_SEEDER=${2:-}; shift 2; fi
  [[ $# -eq 2 ]] || { echo "usage: $0 [--tray | --tabs SEEDER] RELAYDESK_BINARY SCREENSHOT_DIR" >&2; exit 2; }
  tools=(xvfb-run xauth xwininfo xwd xwdtopnm pnmtopng ppmhist)
  [[ $mode == tray ]] && tools+=(trayer python3)
  [[ $mode == tabs ]] && tools+=(xdotool)
  [[ $mode != tabs || -x "$RELAYDESK_SEEDER" ]] || fail "no seeder at '$RELAYDESK_SEEDER'"
  for tool in "${tools[@]}"; do
    command -v "$tool" >/dev/null || fail "$tool not installed (scripts/install-deps.sh)"
  done
  [[ -x "$1" ]] || fail "no binary at $1"
  # xvfb-run -a picks a display by looking at lock files, which races with other X servers
  # starting at the same moment: retry when the inner script never got to run.
  started=$(mktemp)
  for attempt in 1 2 3; do
    rm -f "$started"
    xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" bash "$0" --inner "$started" "$mode" "$1" "$2"
    rc=$?
    if [[ -e "$started" ]]; then rm -f "$started"; exit "$rc"; fi
    echo "xvfb_smoke: Xvfb did not start (attempt $attempt, code $rc)" >&2
  done
  fail "Xvfb did not start"
fi

touch "$2"
readonly mode=$3 binary=$4 shotdir=$5
work=$(mktemp -d)
pid=
trayer_pid=
cleanup() {
  [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null
  [[ -n "$trayer_pid" ]] && kill "$trayer_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Nothing may land in the user's real settings, data or cache folders.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/share" \
       XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/runtime" QT_QPA_PLATFORM=xcb
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$work/data"
mkdir -m 700 "$XDG_RUNTIME_DIR"

alive_or_fail() {
  kill -0 "$pid" 2>/dev/null && return
  wait "$pid"; local rc=$?; pid=
  cat "$work/relaydesk.log" >&2
  fail "relaydesk exited (code $rc) while $1"
}

# Polls `$@` every POLL_S up to $1 times while relaydesk is alive; "$2" names the wait.
poll_until() {
  local polls=$1 what=$2 i
  shift 2
  for ((i = 0; i < polls; i++)); do
    [[ -n "$pid" ]] && alive_or_fail "$what"
    "$@" && return 0
    sleep "$POLL_S"
  done
  return 1
}

# Windows titled $1 (default RelayDesk).
relaydesk_windows() { xwininfo -root -tree 2>/dev/null | awk -v t="\"${1:-RelayDesk}\"" 'index($0, t) { print $1 }'; }

# Any window titled RelayDesk in the given map state (Qt may create it before mapping it).
window_in_state() {
  local id
  for id in $(relaydesk_windows); do
    xwininfo -id "$id" 2>/dev/null | grep -q "Map State: $1" && return 0
  done
  return 1
}

tray_ready() { xwininfo -root -tree 2>/dev/null | grep -q '"panel": ("panel" "trayer")'; }

# Mapped is not painted yet: retake the screenshot until it shows more than a few colours (and,
# with $2, differs from that earlier screenshot in its top $3 rows: 0 = anywhere; the top rows
# hold the tab bar, so a change there means another tab is shown). $1: -root or a window id.
colours=0
screenshot_painted() {
  local target=(-root) rows=${3:-0}
  [[ $1 != -root ]] && target=(-id "$1")
  xwd "${target[@]}" -silent | xwdtopnm 2>/dev/null >"$work/shot.pnm" || return 1
  colours=$(ppmhist -noheader "$work/shot.pnm" 2>/dev/null | wc -l)
  (( colours > 16 )) || return 1
  [[ -z "${2:-}" ]] && return 0
  if (( rows > 0 )); then
    ! cmp -s <(pnmcut -top 0 -height "$rows" "$work/shot.pnm") <(pnmcut -top 0 -height "$rows" "$2")
  else
    ! cmp -s "$work/shot.pnm" "$2"
  fi
}

# save_screenshot NAME [WINDOW_ID [DIFFERENT_FROM [IN_TOP_ROWS]]]: the screen, or one window.
save_screenshot() {
  mkdir -p "$shotdir" || fail "cannot create $shotdir"
  poll_until "$PAINT_POLLS" "taking the screenshot" screenshot_painted "${2:--root}" "${3:-}" "${4:-0}" ||
    fail "$1: the screen never painted${3:+ anew} (last screenshot: $colours colours)"
  pnmtopng "$work/shot.pnm" >"$shotdir/$1" 2>/dev/null || fail "pnmtopng failed"
  echo "xvfb_smoke: screenshot $shotdir/$1 ($colours colours)"
}

viewable_window() { # $1: title (default RelayDesk)
  local id
  for id in $(relaydesk_windows "${1:-}"); do
    xwininfo -id "$id" 2>/dev/null | grep -q "Map State: IsViewable" && { echo "$id"; return 0; }
  done
  return 1
}

# Every tab in order, switched to with Ctrl+Tab on the focused main window; then, back on the
# Requests tab, the detail pane of a failed request.
readonly TABS=(dashboard requests errors channels keys settings)
readonly TAB_BAR_ROWS=60 # the menu bar and the tab bar: where a tab switch must show
screenshot_every_tab() {
  local wid i
  wid=$(viewable_window) || fail "no viewable window"
  xdotool windowfocus --sync "$wid" || fail "xdotool could not focus the window"
  for i in "${!TABS[@]}"; do
    (( i > 0 )) && next_tab
    save_screenshot "tab-$((i + 1))-${TABS[i]}.png" "$wid" "${previous:-}" "$TAB_BAR_ROWS"
    case ${TABS[i]} in
      channels) screenshot_add_dialog "$wid" "Add channel" "dialog-add-channel.png" ;;
      keys) screenshot_add_dialog "$wid" "Add key" "dialog-add-key.png" ;;
    esac
  done
  next_tab # wraps around to the dashboard
  save_screenshot wrapped.png "$wid" "$previous" "$TAB_BAR_ROWS"
  next_tab
  save_screenshot requests-again.png "$wid" "$previous" "$TAB_BAR_ROWS"
  rm -f "$shotdir/wrapped.png" "$shotdir/requests-again.png"
  # The fifth row, which relaydesk_seed makes a premature close (the click's last effect: a
  # focused table takes Ctrl+Tab for itself).
  keep_previous
  xdotool mousemove --window "$wid" 300 217 click 1 || fail "xdotool could not click"
  save_screenshot "tab-2-requests-detail.png" "$wid" "$previous"
  # The wheel over the detail pane scrolls down to its stream status and close diagnostics.
  keep_previous
  xdotool mousemove --window "$wid" 480 650 click --repeat 6 5 || fail "xdotool could not scroll"
  save_screenshot "tab-2-requests-stream-status.png" "$wid" "$previous"
}
# The tab's Add… button by its mnemonic (Alt+A): the editor dialog titled $2 must map and paint;
# Escape must close it. The main window ($1) gets the focus back for the next Ctrl+Tab.
screenshot_add_dialog() {
  local dialog
  xdotool key --clearmodifiers alt+a || fail "xdotool could not type"
  poll_until "$MAP_POLLS" "opening '$2'" viewable_window "$2" >/dev/null || fail "Alt+A did not open '$2'"
  dialog=$(viewable_window "$2")
  save_screenshot "$3" "$dialog"
  xdotool windowfocus --sync "$dialog" key --clearmodifiers Escape || fail "xdotool could not type"
  poll_until "$MAP_POLLS" "closing '$2'" eval '! viewable_window "$2" >/dev/null' || fail "Escape did not close '$2'"
  xdotool windowfocus --sync "$1" || fail "xdotool could not focus the window"
  xwd -id "$1" -silent | xwdtopnm 2>/dev/null >"$work/shot.pnm" # the next tab must differ from this
}
keep_previous() { cp "$work/shot.pnm" "$work/previous.pnm"; previous="$work/previous.pnm"; }
next_tab() { keep_previous; xdotool key --clearmodifiers ctrl+Tab || fail "xdotool could not type"; }

# What a window manager's close button sends (no window manager runs here).
send_wm_delete() {
  python3 - "$1" <<'PY'
import ctypes, sys
x = ctypes.cdll.LoadLibrary('libX11.so.6')
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
class ClientMessage(ctypes.Structure):
    _fields_ = [('type', ctypes.c_int), ('serial', ctypes.c_ulong), ('send_event', ctypes.c_int),
                ('display', ctypes.c_void_p), ('window', ctypes.c_ulong),
                ('message_type', ctypes.c_ulong), ('format', ctypes.c_int), ('l', ctypes.c_long * 5)]
class XEvent(ctypes.Union):
    _fields_ = [('xclient', ClientMessage), ('pad', ctypes.c_long * 24)]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                         ctypes.POINTER(XEvent)]
x.XFlush.argtypes = x.XCloseDisplay.argtypes = [ctypes.c_void_p]
d = x.XOpenDisplay(None)
if not d:
    sys.exit('cannot open display')
ev = XEvent()
ev.xclient.type = 33  # ClientMessage
ev.xclient.window = int(sys.argv[1], 16)
ev.xclient.message_type = x.XInternAtom(d, b'WM_PROTOCOLS', 0)
ev.xclient.format = 32
ev.xclient.l[0] = x.XInternAtom(d, b'WM_DELETE_WINDOW', 0)
x.XSendEvent(d, ev.xclient.window, 0, 0, ctypes.byref(ev))
x.XFlush(d)
x.XCloseDisplay(d)
PY
}

if [[ $mode == tray ]]; then
  trayer --edge top --align right --widthtype pixel --width 96 --heighttype pixel --height 28 \
         --transparent false --tint 0x333333 >"$work/trayer.log" 2>&1 &
  trayer_pid=$!
  poll_until "$MAP_POLLS" "waiting for the tray" tray_ready || fail "trayer did not start"
fi

start_relaydesk() {
  "$binary" --data-dir "$work/data" --listen 127.0.0.1:0 >"$work/relaydesk.log" 2>&1 &
  pid=$!
  poll_until "$MAP_POLLS" "waiting for its window" window_in_state IsViewable || {
    cat "$work/relaydesk.log" >&2; fail "no mapped window named RelayDesk"; }
}

sigterm_expect_exit_0() {
  local i rc
  kill -TERM "$pid"
  for ((i = 0; i < EXIT_POLLS; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep "$POLL_S"
  done
  kill -0 "$pid" 2>/dev/null && fail "still running $(( EXIT_POLLS / 5 )) s after SIGTERM ($1)"
  wait "$pid"; rc=$?; pid=
  if (( rc != 0 )); then
    cat "$work/relaydesk.log" >&2
    fail "exit code $rc after SIGTERM ($1), expected 0"
  fi
}

if [[ $mode == tray ]]; then
  # A visible window next to a tray: quitting must not be taken for the user closing it.
  start_relaydesk
  save_screenshot tray-window.png
  sigterm_expect_exit_0 "window shown, tray present"

  start_relaydesk
  for id in $(relaydesk_windows); do send_wm_delete "$id" || fail "could not send WM_DELETE_WINDOW"; done
  poll_until "$MAP_POLLS" "closing its window into the tray" window_in_state IsUnMapped ||
    fail "the window did not hide after WM_DELETE_WINDOW"
  alive_or_fail "hidden into the tray"
  save_screenshot tray.png
  sigterm_expect_exit_0 "hidden into the tray"
elif [[ $mode == tabs ]]; then
  "$RELAYDESK_SEEDER" "$work/data" || fail "seeding the data dir failed"
  start_relaydesk
  screenshot_every_tab
  sigterm_expect_exit_0 "after visiting every tab"
else
  start_relaydesk
  save_screenshot main.png
  sigterm_expect_exit_0 "window shown"
fi
echo "xvfb_smoke ($mode): PASS"
