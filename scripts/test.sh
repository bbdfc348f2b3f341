#!/usr/bin/env bash
# Builds once with the given preset (default asan) and runs every suite from that build: unit,
# contract (in-memory, SQLite, and a real PostgreSQL server started here), integration, CLI and
# the browser suite (label `browser`: chromium against a real openroi serve; the web UI is built
# first, only when needed).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-asan}
# Build the web UI up front (only when needed); if that is impossible here, the web_unit and
# browser_suite tests report why (skipped without node or chromium, failed on a broken build).
scripts/web.sh build || echo "test: the web UI was not built; see web_unit and browser_suite" >&2
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec scripts/with-postgres.sh ctest --preset "$preset" -j 2 --no-tests=error
