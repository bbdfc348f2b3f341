#!/usr/bin/env bash
# Builds the web UI (scripts/web.sh, only when needed) and the optimised openroi, loads the synthetic demo organization into the SQLite database
# (OPENROI_DATABASE_URL, default sqlite:openroi.db here) and serves on http://127.0.0.1:8080, with
# the audit chain sealed by var/audit-seal.key (created if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web.sh build || echo "run: the web UI could not be built (see above); serving the API only" >&2
cmake --preset release >/dev/null
cmake --build --preset release --target openroi
# The audit seal key: created by `openroi demo` on first run, kept out of git (var/ is ignored).
mkdir -p var
export OPENROI_AUDIT_SEAL_KEY_FILE="${OPENROI_AUDIT_SEAL_KEY_FILE:-var/audit-seal.key}"
./build/release/openroi demo
exec ./build/release/openroi serve "$@"
