#!/usr/bin/env bash
# One command from a fresh clone: install the Debian packages, build, run every test (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd "${RELAYDESK_BUILD_DIR:-build}"
ctest --output-on-failure -j2 --timeout 600
