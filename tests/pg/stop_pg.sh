#!/usr/bin/env bash
# ctest fixture cleanup for "postgres": stops the server start_pg.sh started and removes its
# data. Usage: stop_pg.sh STATE_DIR
set -euo pipefail

state=${1:?usage: stop_pg.sh STATE_DIR}
[ -f "$state/datadir" ] || exit 0
base=$(cat "$state/datadir")
data="$base/data"
if [ -f "$data/postmaster.pid" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
  as_server=()
  [ "$(id -u)" = 0 ] && as_server=(runuser -u postgres --)
  "${as_server[@]}" "${RELAYDESK_PG_BINDIR:-$bindir}/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
fi
rm -rf "$base" "$state/url" "$state/datadir"
echo "stop_pg: stopped"
