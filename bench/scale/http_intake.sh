#!/usr/bin/env bash
# Intake -> release throughput through the HTTP API: starts `openroi serve` on a fresh SQLite
# database (or, with POSTGRES_URL set, a fresh PostgreSQL database on that server) loaded with the
# synthetic demo organization, runs bench/scale/intake_release.py against it (1 and 4 client
# threads) and prints a Markdown table.
# Usage: bench/scale/http_intake.sh OPENROI_BINARY [REQUESTS]
#        POSTGRES_URL=postgresql://USER@HOST:PORT/DB bench/scale/http_intake.sh OPENROI_BINARY
# With POSTGRES_URL, each row drops and creates the database "openroi_http_bench" on that server
# (connecting through DB to do so); scripts/with-postgres.sh gives a throwaway one.
set -euo pipefail
bin=$(realpath "$1")
requests=${2:-60}
postgres_url=${POSTGRES_URL:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

row() {  # clients first_patient
  local port
  port=$(free_port)
  rm -f "$work"/http.db*
  if [[ -n $postgres_url ]]; then
    psql -q "$postgres_url" -c "DROP DATABASE IF EXISTS openroi_http_bench WITH (FORCE)" \
      -c "CREATE DATABASE openroi_http_bench" >/dev/null
    export OPENROI_DATABASE_URL="${postgres_url%/*}/openroi_http_bench"
  else
    export OPENROI_DATABASE_URL="sqlite:$work/http.db"
  fi
  export OPENROI_AUDIT_SEAL_KEY_FILE="$work/seal.key"
  # `openroi demo` makes a development master key beside the database; serve reads it.
  (cd "$work" && env -u OPENROI_MASTER_KEY_FILE -u OPENROI_MASTER_KEY "$bin" demo >/dev/null)
  OPENROI_MASTER_KEY_FILE="$work/openroi-dev-master.key" OPENROI_LOG_ACCESS_LOG=false OPENROI_LOG_LEVEL=warn OPENROI_SECURITY_REQUESTS_PER_MINUTE=0 "$bin" serve --port "$port" \
    >"$work/serve.out" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  local json
  json=$(python3 "$here/intake_release.py" "$port" --requests "$requests" --clients "$1" \
    --server-pid "$pid")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  python3 - "$json" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
print(f"| {r['clients']} | {r['released']} | {r['requests_per_second']} | "
      f"{r['http_calls_per_second']} | {r['request_p50_ms']} | {r['request_p99_ms']} | "
      f"{r.get('server_cpu_ms_per_request', '')} | {'; '.join(r['errors']) or 'none'} |")
PY
}

echo "Each request: create a requester, intake (policy decision), start verification, start"
echo "retrieval, add 50 documents, finish retrieval, release: 57 HTTP calls. Demo patients, one"
echo "request each; a fresh database per row. Server CPU is read from /proc (user + system)."
echo
echo "| client threads | requests released | requests/s | HTTP calls/s | request p50 ms | request p99 ms | server CPU ms/request | errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|---|"
row 1
row 4
