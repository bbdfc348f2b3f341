#!/usr/bin/env bash
# Load test: wrk at 100 keep-alive connections against openroi's /healthz and /api/v1/version, and
# against nginx serving a static file with the same bytes as /api/v1/version, in the same run.
# Prints a Markdown table.  Usage: bench/http_load.sh OPENROI_BINARY [SECONDS]
set -euo pipefail
bin=$1
seconds=${2:-10}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

roi_port=$(free_port)
OPENROI_DATABASE_URL="sqlite:$work/bench.db" OPENROI_LOG_ACCESS_LOG=false OPENROI_LOG_LEVEL=warn \
  OPENROI_SECURITY_REQUESTS_PER_MINUTE=0 \
  "$bin" serve --port "$roi_port" >"$work/serve.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$roi_port/healthz" >/dev/null && break; sleep 0.1; done

mkdir -p "$work/www"
curl -sf "http://127.0.0.1:$roi_port/api/v1/version" >"$work/www/version.json"
nginx_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { root $work/www; default_type application/json; }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$nginx_port/version.json" >/dev/null && break; sleep 0.1; done

# Prints "REQUESTS_PER_SECOND P99_MS" for one wrk run.
measure() {
  local out
  out=$(wrk -t 2 -c 100 -d "${seconds}s" --latency "$1")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

read -r h_rps h_p99 < <(measure "http://127.0.0.1:$roi_port/healthz")
read -r v_rps v_p99 < <(measure "http://127.0.0.1:$roi_port/api/v1/version")
read -r n_rps n_p99 < <(measure "http://127.0.0.1:$nginx_port/version.json")
ratio=$(awk -v a="$v_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
bytes=$(wc -c <"$work/www/version.json")

echo "| target | requests/s | p99 latency |"
echo "|---|---:|---:|"
printf '| openroi `GET /healthz` | %.0f | %.2f ms |\n' "$h_rps" "$h_p99"
printf '| openroi `GET /api/v1/version` (%s-byte JSON) | %.0f | %.2f ms |\n' "$bytes" "$v_rps" "$v_p99"
printf '| nginx, static file with the same %s bytes | %.0f | %.2f ms |\n' "$bytes" "$n_rps" "$n_p99"
echo
echo "openroi JSON endpoint / nginx static file throughput ratio: **$ratio**"
