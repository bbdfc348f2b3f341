#!/usr/bin/env bash
# Builds the web UI (scripts/web.sh, only when needed) and the optimised openroi, loads the synthetic demo organization into the SQLite database
# (OPENROI_DATABASE_URL, default sqlite:openroi.db here) and serves on http://127.0.0.1:8080.
# Without a configured master key, `openroi demo` makes a development key beside the database
# (openroi-dev-master.key, never for real records) and the server is pointed at it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/web.sh build || echo "run: the web UI could not be built (see above); serving the API only" >&2
cmake --preset release >/dev/null
cmake --build --preset release --target openroi
./build/release/openroi demo
if [ -z "${OPENROI_MASTER_KEY_FILE:-}${OPENROI_MASTER_KEY:-}" ]; then
  db=${OPENROI_DATABASE_URL:-sqlite:openroi.db}
  dir=.
  case "$db" in
    sqlite://*) dir=$(dirname "${db#sqlite://}") ;;
    sqlite:*) dir=$(dirname "${db#sqlite:}") ;;
  esac
  export OPENROI_MASTER_KEY_FILE="$dir/openroi-dev-master.key"
fi
exec ./build/release/openroi serve "$@"
