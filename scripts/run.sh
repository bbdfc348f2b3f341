#!/usr/bin/env bash
# Builds the web UI (scripts/web.sh, only when needed) and the optimised openroi, loads the
# synthetic demo organization into the SQLite database (OPENROI_DATABASE_URL, default
# sqlite:openroi.db here) and serves on http://127.0.0.1:8080, with the audit chain sealed by
# var/audit-seal.key (created if missing).
# Without a configured master key, `openroi demo` makes a development key beside the database
# (openroi-dev-master.key, never for real records) and the server is pointed at it.
# With --tls (or TLS=1, as `make run TLS=1` passes it), serves https instead, with a self-signed
# certificate made by the openssl CLI into var/tls/ (git-ignored; reused while it is valid).
# Other arguments go to `openroi serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
tls=${TLS:-0}
args=()
for arg in "$@"; do
  if [ "$arg" = "--tls" ]; then tls=1; else args+=("$arg"); fi
done
scripts/web.sh build || echo "run: the web UI could not be built (see above); serving the API only" >&2
cmake --preset release >/dev/null
cmake --build --preset release --target openroi
# The audit seal key: created by `openroi demo` on first run, kept out of git (var/ is ignored).
mkdir -p var
export OPENROI_AUDIT_SEAL_KEY_FILE="${OPENROI_AUDIT_SEAL_KEY_FILE:-var/audit-seal.key}"
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
if [ "$tls" = "1" ]; then
  dir=var/tls
  mkdir -p "$dir"
  chmod 700 "$dir"
  if ! openssl x509 -checkend 86400 -noout -in "$dir/cert.pem" >/dev/null 2>&1; then
    echo "run: making a self-signed certificate for 127.0.0.1 and localhost in $dir (demo only)"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
      -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
      -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
    chmod 600 "$dir/key.pem"
  fi
  export OPENROI_SERVER_TLS_CERT_FILE="$dir/cert.pem"
  export OPENROI_SERVER_TLS_KEY_FILE="$dir/key.pem"
fi
exec ./build/release/openroi serve ${args[@]+"${args[@]}"}
