#!/usr/bin/env bash
# Builds the .deb with cpack, checks its contents and Depends, unpacks it into a temp root, and
# runs the unpacked binary the way the systemd user unit's ExecStart line does.
# Usage: test_deb.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: test_deb.sh BUILD_DIR}
cd "$build"
rm -rf packages
cpack -G DEB -B "$build/packages" >/dev/null
deb=$(ls packages/relaydesk_*.deb)
echo "built $deb ($(du -h "$deb" | cut -f1))"

contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/relaydesk ./usr/share/applications/relaydesk.desktop \
            ./usr/share/metainfo/io.github.relaydesk.RelayDesk.metainfo.xml \
            ./usr/share/icons/hicolor/scalable/apps/relaydesk.svg ./usr/lib/systemd/user/relaydesk.service \
            ./usr/share/doc/relaydesk/copyright \
            $(for s in 16 22 24 32 48 64 128 256 512; do echo "./usr/share/icons/hicolor/${s}x$s/apps/relaydesk.png"; done); do
  grep -q " $path\$" <<<"$contents" || { echo "missing in the package: $path"; echo "$contents"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for pkg in libqt6core6 libqt6network6 libqt6httpserver6 libqt6sql6 libqt6sql6-sqlite libqt6sql6-psql \
           libqt6widgets6 libqt6gui6 libqt6charts6 libqt6svg6 libssl3; do
  grep -qE "(^|, )$pkg( |,|$)" <<<"$depends" || { echo "Depends lacks $pkg: $depends"; exit 1; }
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
"$root/usr/bin/relaydesk" --version

# Each hicolor PNG has the size its folder names (PNG header: width and height at bytes 16-23).
for s in 16 22 24 32 48 64 128 256 512; do
  png="$root/usr/share/icons/hicolor/${s}x$s/apps/relaydesk.png"
  read -r w h < <(od -An -tu1 -j16 -N8 "$png" | awk '{ print $3*256+$4, $7*256+$8 }')
  [[ "$w $h" == "$s $s" ]] || { echo "$png is ${w}x$h, expected ${s}x$s"; exit 1; }
done
grep -q '^License: Expat' "$root/usr/share/doc/relaydesk/copyright" &&
  grep -q 'Permission is hereby granted' "$root/usr/share/doc/relaydesk/copyright" ||
  { echo "copyright file lacks the license"; exit 1; }

# The unit's ExecStart, as systemd would run it ($$ is a literal $, %h the home folder), on the
# unpacked binary: a headless relay whose database lands in the unit's data dir.
unit="$root/usr/lib/systemd/user/relaydesk.service"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" || { echo "systemd-analyze rejects the unit"; exit 1; }
fi
home="$root/home"
mkdir -p "$home"
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
exec_start=${exec_start//\$\$/\$}
exec_start=${exec_start//\/usr\/bin\/relaydesk/$root\/usr\/bin\/relaydesk}
data_dir=$(sed -n 's/^Environment=RELAYDESK_DATA_DIR=//p' "$unit")
run_unit() { # $1: RELAYDESK_DATABASE, $2: the database file expected
  local log="$root/unit.log" pid i
  env -i PATH="$PATH" HOME="$home" RELAYDESK_DATA_DIR="${data_dir//%h/$home}" RELAYDESK_LISTEN=127.0.0.1:0 \
      RELAYDESK_DATABASE="$1" bash -c "eval exec \"\$0\"" "$exec_start" >"$log" 2>&1 &
  pid=$!
  for ((i = 0; i < 100; i++)); do grep -q 'listening on' "$log" && break; sleep 0.1; done
  grep -q 'listening on' "$log" || { cat "$log"; echo "the unit's command did not start"; exit 1; }
  [[ -f "$2" ]] || { cat "$log"; echo "the unit's command did not create $2"; exit 1; }
  kill -TERM "$pid"; wait "$pid" || { cat "$log"; echo "the unit's command did not exit 0 on SIGTERM"; exit 1; }
}
run_unit "" "$home/.local/share/RelayDesk/RelayDesk/relaydesk.db"
run_unit "sqlite:$root/fleet.db" "$root/fleet.db"
echo "package OK"
