#!/usr/bin/env bash
# Stops, starts or restarts the server start_pg.sh started in STATE_DIR (tests of a database
# outage run a server of their own, so the shared fixture's server never goes away under other
# tests). Usage: ctl_pg.sh STATE_DIR stop|start|restart
set -euo pipefail

state=${1:?usage: ctl_pg.sh STATE_DIR stop|start|restart}
action=${2:?usage: ctl_pg.sh STATE_DIR stop|start|restart}
base=$(cat "$state/datadir")
bindir=${RELAYDESK_PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)}
as_server=()
[ "$(id -u)" = 0 ] && as_server=(runuser -u postgres --)
# -m fast: open connections are cut, as a crash or failover cuts them.
"${as_server[@]}" "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -m fast -w -t 60 "$action" >/dev/null
