#!/usr/bin/env bash
# ctest fixture "postgres": starts a throwaway PostgreSQL for the tests and writes its URL to
# <state>/url (tests read it, see tests/common/pgtestserver.cpp). Usage: start_pg.sh STATE_DIR
#
# - Debian's server binaries (package postgresql), whatever the major version.
# - Its own data directory, loopback port and socket directory: never touches the cluster the
#   Debian package may have auto-started on 5432.
# - initdb refuses to run as root: as root, the server runs as the `postgres` user.
set -euo pipefail

state=${1:?usage: start_pg.sh STATE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/stop_pg.sh" "$state" >/dev/null 2>&1 || true
mkdir -p "$state"
state=$(cd "$state" && pwd)

bindir=${RELAYDESK_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) ; do
    [ -x "$d/initdb" ] && { bindir=$d; break; }
  done
fi
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
  echo "start_pg: no initdb found (install Debian's postgresql package: scripts/install-deps.sh)" >&2; exit 1; }

as_server=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "start_pg: running as root but there is no 'postgres' user" >&2; exit 1; }
  as_server=(runuser -u postgres --)
fi

# The data lives under the state dir when the server user can reach it (a build dir under
# /root is not), else in a fresh directory under /tmp; stop_pg.sh finds it through <state>/datadir.
base="$state/run"
mkdir -p "$base"
if [ ${#as_server[@]} -gt 0 ]; then
  chown postgres "$base"
  "${as_server[@]}" test -w "$base" || base=$(mktemp -d /tmp/relaydesk-pg.XXXXXX)
  chown postgres "$base"
fi
echo "$base" > "$state/datadir"
data="$base/data"
sock="$base/sock"
"${as_server[@]}" mkdir -p "$sock"

# Ports below the kernel's ephemeral range (32768-60999 on Debian): a port inside it can be the
# source port of any outgoing connection of the tests running meanwhile, which no connect probe
# sees and which makes the server's bind fail. A bind can still lose a race, so starting retries
# on the next port when the log says the address is in use.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${RELAYDESK_PG_PORT:-25432}

pw=relaydesk-test
pwfile="$base/pw"
echo "$pw" > "$pwfile"
[ ${#as_server[@]} -gt 0 ] && chown postgres "$pwfile"
"${as_server[@]}" "$bindir/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
  || { cat "$base/initdb.log" >&2; exit 1; }
cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
include 'relaydesk_port.conf'
unix_socket_directories = '$sock'
max_connections = 300
fsync = off
full_page_writes = off
CONF

started=
for attempt in $(seq 1 20); do
  while ! port_free "$port"; do port=$((port + 1)); done
  "${as_server[@]}" sh -c "echo 'port = $port' > '$data/relaydesk_port.conf'"
  rm -f "$base/server.log"
  if "${as_server[@]}" "$bindir/pg_ctl" -D "$data" -l "$base/server.log" -w -t 60 start >/dev/null; then
    started=1; break
  fi
  grep -q "could not bind\|could not create any TCP/IP sockets" "$base/server.log" || break
  echo "start_pg: port $port taken (attempt $attempt), trying the next" >&2
  port=$((port + 1))
done
[ -n "$started" ] || { cat "$base/server.log" >&2; exit 1; }

psql=("${as_server[@]}" "$bindir/psql" -v ON_ERROR_STOP=1 -q -h "$sock" -p "$port" -U postgres -d postgres)
"${psql[@]}" -c "CREATE ROLE relaydesk LOGIN CREATEDB PASSWORD '$pw'"
"${psql[@]}" -c "CREATE DATABASE relaydesk_test OWNER relaydesk"

echo "postgres://relaydesk:$pw@127.0.0.1:$port/relaydesk_test" > "$state/url"
echo "start_pg: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $data"
