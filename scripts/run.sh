#!/usr/bin/env bash
# Builds the web UI (scripts/web.sh, only when needed) and the optimised openroi, loads the synthetic demo organization into the SQLite database
# (OPENROI_DATABASE_URL, default sqlite:openroi.db here) and serves on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web.sh build || echo "run: the web UI could not be built (see above); serving the API only" >&2
cmake --preset release >/dev/null
cmake --build --preset release --target openroi
./build/release/openroi demo
exec ./build/release/openroi serve "$@"
