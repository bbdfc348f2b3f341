#!/usr/bin/env bash
# Builds optimised, runs the micro-benchmarks and the HTTP load test, and writes the numbers with a
# description of the machine to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh wrk nginx-light python3
cmake --preset release >/dev/null
cmake --build --preset release --target openroi openroi_bench
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
micro=$(./build/release/bench/openroi_bench --benchmark_min_time=0.2 --benchmark_filter=-Audit \
  2>/dev/null)
audit=$(./build/release/bench/openroi_bench --benchmark_min_time=1 --benchmark_filter=Audit \
  2>/dev/null)
load=$(bench/http_load.sh ./build/release/openroi "${BENCH_SECONDS:-10}")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
# The scale section (scripts/bench-scale.sh) is kept: it is only rewritten by its own run.
scale=$(sed -n '/<!-- scale:begin/,/<!-- scale:end -->/p' docs/benchmarks.md 2>/dev/null || true)
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d). Numbers are from one run;"
  echo "rerun on your own machine before relying on them."
  echo
  echo "Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB memory,"
  echo "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), $(g++ --version | head -1)."
  echo "Release build (-O3 via CMAKE_BUILD_TYPE=Release). Load average (1, 5, 15 min) before the"
  echo "run: $load_before; after: $load_after (the run itself loads both cores). A load above ~1"
  echo "before the run means something else was using the cores, and every figure below is lower"
  echo "than on a quiet machine."
  echo
  echo "## HTTP: wrk, 2 threads, 100 keep-alive connections, ${BENCH_SECONDS:-10} s per target"
  echo
  echo "The server and wrk share the same 2 cores. Targets: at least 20k requests/s with p99 under"
  echo "20 ms on the small JSON endpoint, and the ratio to nginx serving the same bytes reported."
  echo
  echo "$load"
  echo
  echo "## Audit trail (Google Benchmark)"
  echo
  echo "Appends: BM_AuditAppendSqlite/events_per_tx:N/full_sync:F records N events per"
  echo "transaction (one commit each) into a SQLite file in WAL mode. full_sync:0 is what OpenROI"
  echo "runs (synchronous=NORMAL: a commit survives a crash of the process, but an OS crash or power"
  echo "loss can lose the last commits); full_sync:1 fsyncs every commit (durable against power loss)."
  echo "items_per_second is events/s; target above 20k/s durable, with group commit. Verify: BM_AuditVerifyChainInMemory is the hash check alone over 100,000 events"
  echo "(target above 1M events/s); BM_AuditVerifySqlite is openroi audit verify's work end to end"
  echo "(read from SQLite and check)."
  echo
  echo '```'
  echo "$audit"
  echo '```'
  echo
  echo "## Micro-benchmarks (Google Benchmark, one core)"
  echo
  echo '```'
  echo "$micro"
  echo '```'
  if [ -n "$scale" ]; then
    echo
    echo "$scale"
  fi
} >docs/benchmarks.md
cat docs/benchmarks.md
