#!/usr/bin/env bash
# Builds the .deb with cpack, checks its contents and Depends, and unpacks it into a temp root.
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
            ./usr/share/icons/hicolor/scalable/apps/relaydesk.svg ./usr/lib/systemd/user/relaydesk.service; do
  grep -q " $path\$" <<<"$contents" || { echo "missing in the package: $path"; echo "$contents"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for pkg in libqt6core6 libqt6network6 libqt6httpserver6 libqt6sql6 libqt6sql6-sqlite libqt6sql6-psql \
           libqt6widgets6 libqt6charts6 libqt6svg6; do
  grep -qE "(^|, )$pkg( |,|$)" <<<"$depends" || { echo "Depends lacks $pkg: $depends"; exit 1; }
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
"$root/usr/bin/relaydesk" --version
echo "package OK"
