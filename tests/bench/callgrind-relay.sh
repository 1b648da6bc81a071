#!/usr/bin/env bash
# Instruction counts of the relay for a fixed amount of work, repeatable on a loaded machine
# (wall-clock numbers are not): relaydesk_bench runs the relay under callgrind through a wrapper.
#   tests/bench/callgrind-relay.sh BUILD-DIR OUT-PREFIX [relaydesk_bench flags...]
# Writes OUT-PREFIX.callgrind (callgrind_annotate it) and OUT-PREFIX.bench (the bench's output).
# Examples (docs/benchmarks.md, "Profiling"):
#   stream:  ... /tmp/cg-stream --streams 20 --chunks 40 --targets relay-pass --rps-seconds 0 --formats-at 0
#   unary:   ... /tmp/cg-unary --streams 1 --chunks 1 --targets relay-pass --rps-seconds 10 --rps-concurrency 8 --formats-at 0
#   startup: ... /tmp/cg-idle --streams 1 --chunks 1 --targets relay-pass --rps-seconds 0 --formats-at 0
# Ir per request = (run's Ir - startup run's Ir) / requests completed.
set -euo pipefail
BUILD=$1; OUT=$2; shift 2
OUT=$(realpath -m "$OUT")
WRAP=$(mktemp /tmp/relaydesk-cg-XXXXXX.sh)
trap 'rm -f "$WRAP"' EXIT
# The bench SIGKILLs a relay that takes over 5 s to stop; valgrind needs longer to write its
# profile, so the wrapper forwards SIGTERM and the relay outlives the bench's kill of it.
cat >"$WRAP" <<WRAPPER
#!/usr/bin/env bash
setsid valgrind --tool=callgrind --callgrind-out-file="$OUT.callgrind" "$BUILD/bin/relaydesk" "\$@" &
pid=\$!
trap 'kill -TERM \$pid' TERM
wait \$pid || wait \$pid
WRAPPER
chmod +x "$WRAP"
"$BUILD/tests/bench/relaydesk_bench" --relay "$WRAP" "$@" | tee "$OUT.bench"
# Wait for the profile: the relay drains and valgrind writes it after the bench has gone.
for _ in $(seq 1 120); do
  pgrep -f -- "--callgrind-out-file=$OUT.callgrind" >/dev/null || break
  sleep 1
done
callgrind_annotate "$OUT.callgrind" 2>/dev/null | sed -n '1,/^Ir/p' | grep -m1 "PROGRAM TOTALS" || true
