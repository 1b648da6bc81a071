#!/usr/bin/env bash
# Installs every Debian package RelayDesk needs to build, run and test on Debian 12.
# Idempotent: packages already present are skipped by apt. Run as root.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git ca-certificates
  # Qt 6.4 (qt6-websockets-dev: HttpServer's CMake config needs it, see QT64.md)
  qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libqt6sql6-sqlite libqt6sql6-psql libgl-dev libqt6opengl6-dev
  # crypto for secrets at rest
  libssl-dev
  # packaging: rsvg-convert renders the hicolor PNG icons from the SVG at build time
  librsvg2-bin
  # tests: real PostgreSQL, a real X server, screenshots, keyboard input (xdotool), npm
  # clients, sqlite CLI (appstream, desktop-file-utils: validate the packaging metainfo and
  # desktop entry)
  postgresql appstream xvfb xauth x11-apps x11-utils netpbm trayer xdotool python3 sqlite3 curl desktop-file-utils
  # benchmarks (nginx: the plain reverse proxy the relay is compared with; perf: profiling)
  # and fuzzing (clang: libFuzzer + AddressSanitizer; libFuzzer's runtime is only a Recommends of
  # clang-14, which --no-install-recommends skips)
  nginx clang libclang-rt-14-dev
)
# Node.js for the npm SDK clients: keep an existing install (e.g. NodeSource), else Debian's.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
