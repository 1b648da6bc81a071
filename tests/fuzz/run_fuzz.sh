#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in their own build dir and runs each for a fixed time.
#   tests/fuzz/run_fuzz.sh [seconds-per-target (20)] [build-dir (/tmp/relaydesk-fuzz)]
# Env: FUZZ_TARGETS="fuzz_sseparser ..." to choose targets, FUZZ_BUILD_ONLY=1 to only build.
# A crash leaves its input as <build-dir>/crashes/<target>/crash-*; the script exits 1.
# Copy such an input to tests/fixtures/fuzz/<target>/ to keep it as a regression seed.
set -euo pipefail
SECONDS_PER_TARGET=${1:-20}
BUILD=${2:-/tmp/relaydesk-fuzz}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
TARGETS=${FUZZ_TARGETS:-"fuzz_sseparser fuzz_decode_request fuzz_stream_decoder fuzz_jsonpatch"}
FIX=$SRC/tests/fixtures

if [ ! -f "$BUILD/build.ninja" ]; then
  # -O1 with line tables only: sanitizer reports keep file:line, and the cold build of the
  # codec closure stays short (full -g -O2 doubles it). ccache when present (a warm rebuild).
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S "$SRC" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" "${launcher[@]}" \
    -DRELAYDESK_FUZZ=ON -DRELAYDESK_BUILD_GUI=OFF >"$BUILD.configure.log" 2>&1 || { cat "$BUILD.configure.log"; exit 2; }
fi
# shellcheck disable=SC2086
cmake --build "$BUILD" --target $TARGETS

[ "${FUZZ_BUILD_ONLY:-0}" = 1 ] && exit 0

# Seeds: the fixtures, with the selector byte each target reads first, in one corpus directory
# per format (corpus/<target>/<format>/), so each format's decoders start from that format's
# own requests and streams. New inputs go to corpus/<target>/new/.
seed() { # target format selector-byte files...
  local dir=$BUILD/corpus/$1/$2 sel=$3; shift 3
  mkdir -p "$dir"
  for f in "$@"; do [ -f "$f" ] && { printf "\\x$(printf %02x "$sel")"; cat "$f"; } >"$dir/seed-$sel-$(basename "$(dirname "$f")")-$(basename "$f")"; done
  return 0
}
fmt_index() { case $1 in openai_chat) echo 0;; openai_responses) echo 1;; anthropic) echo 2;; gemini) echo 3;; esac; }
for fmt in openai_chat openai_responses anthropic gemini; do
  i=$(fmt_index $fmt)
  seed fuzz_sseparser "$fmt" 7 "$FIX"/sse/$fmt/*.sse "$FIX"/translate/$fmt/*.sse
  # Stream decoder: byte 0 = upstream format + 4 * client format (the encoder fed).
  for client in 0 1 2 3; do
    seed fuzz_stream_decoder "$fmt" $((i + 4 * client)) "$FIX"/sse/$fmt/*.sse "$FIX"/translate/$fmt/*.sse
  done
  # Request decoder: byte 0 = format, +4 for a streaming route.
  seed fuzz_decode_request "$fmt" "$i" "$FIX"/translate/$fmt/request_*.json
  seed fuzz_decode_request "$fmt" $((i + 4)) "$FIX"/translate/$fmt/request_*.json
  mkdir -p "$BUILD/corpus/fuzz_jsonpatch/$fmt"
  cp "$FIX"/translate/$fmt/request_*.json "$BUILD/corpus/fuzz_jsonpatch/$fmt/" 2>/dev/null || true
done
status=0
for t in $TARGETS; do
  mkdir -p "$BUILD/crashes/$t" "$BUILD/corpus/$t/new"
  extra=()
  for d in "$BUILD/corpus/$t"/*/; do [ "$d" = "$BUILD/corpus/$t/new/" ] || extra+=("$d"); done
  [ -d "$FIX/fuzz/$t" ] && extra+=("$FIX/fuzz/$t")
  echo "== $t (${SECONDS_PER_TARGET}s)"
  if ! "$BUILD/tests/fuzz/$t" -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$BUILD/crashes/$t/" "$BUILD/corpus/$t/new" "${extra[@]}" 2>"$BUILD/$t.log"; then
    status=1
    echo "!! $t found a crash: $(ls "$BUILD/crashes/$t")"; grep -m3 -E "ERROR|SUMMARY" "$BUILD/$t.log" || true
  fi
  grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$BUILD/$t.log" | tr '\n' ' '; echo
done
exit $status
