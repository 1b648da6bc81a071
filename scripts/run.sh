#!/usr/bin/env bash
# One command from a fresh clone: install the Debian packages, build, launch RelayDesk.
# GUI when a display exists, otherwise headless. Arguments are passed to relaydesk
# (e.g. --headless, --listen 127.0.0.1:8645, --config my.json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
args=("$@")
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [[ " ${args[*]:-} " != *" --headless "* ]]; then
  echo "run.sh: no display found, starting headless" >&2
  args+=(--headless)
fi
exec ./build/bin/relaydesk "${args[@]}"
