#!/usr/bin/env bash
# The scale benchmark (docs/benchmarks.md, "Scale"): builds openroi_scale and openroi optimised,
# then
#   1. generates 1M requests / 10M disclosures / 100k patients in a fresh SQLite file
#      (var/bench/scale.sqlite, about 6 GB) and benchmarks the work queue, search, accounting and
#      report queries on it through the SQLite adapter;
#   2. the same in a throwaway PostgreSQL cluster (scripts/with-postgres.sh);
#   3. drives intake -> release of 50-document requests through the HTTP API of `openroi serve`
#      on SQLite (bench/scale/intake_release.py);
# and writes the numbers, the machine and its load into the "Scale" section of
# docs/benchmarks.md (between the scale markers; the rest of the file is kept).
# Takes about 30 minutes on 2 cores (most of it generating PostgreSQL's 10M rows and indexes).
# SCALE_ARGS overrides the sizes, e.g. SCALE_ARGS="--requests 100000 --disclosures 1000000
# --patients 10000" for a quick run; SCALE_SKIP="postgres http" leaves parts out.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(${SCALE_ARGS:-})
skip=" ${SCALE_SKIP:-} "
cmake --preset release >/dev/null
cmake --build --preset release --target openroi_scale openroi
bin=./build/release/bench/scale/openroi_scale
mkdir -p var/bench
out=var/bench
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date +%s)

sqlite_md="(not run)"
if [[ $skip != *" sqlite "* ]]; then
  rm -f "$out/scale.sqlite" "$out/scale.sqlite-wal" "$out/scale.sqlite-shm"
  "$bin" --sqlite "$out/scale.sqlite" "${args[@]}" --markdown "$out/scale-sqlite.md" >/dev/null
  sqlite_md=$(cat "$out/scale-sqlite.md")
  size=$(du -sh "$out/scale.sqlite" | cut -f1)
  sqlite_md+=$'\n\n'"Database file: $size."
  rm -f "$out/scale.sqlite" "$out/scale.sqlite-wal" "$out/scale.sqlite-shm"
fi

postgres_md="(not run)"
if [[ $skip != *" postgres "* ]]; then
  scripts/with-postgres.sh bash -c '"$0" --postgres "$ROI_TEST_POSTGRES_URL" "${@:2}" \
    --markdown "$1/scale-postgres.md" >/dev/null &&
    psql "$ROI_TEST_POSTGRES_URL" -Atc "SELECT pg_size_pretty(pg_database_size(current_database()))" \
      >"$1/scale-postgres.size"' "$bin" "$out" "${args[@]}"
  postgres_md=$(cat "$out/scale-postgres.md")
  postgres_md+=$'\n\n'"Database size: $(cat "$out/scale-postgres.size"), $(psql --version | head -1 | sed 's/psql (PostgreSQL) /PostgreSQL /')."
fi

http_md="(not run)"
if [[ $skip != *" http "* ]]; then
  http_md=$(bench/scale/http_intake.sh ./build/release/openroi)
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
minutes=$((($(date +%s) - started + 59) / 60))
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
section=$(
  cat <<MD
<!-- scale:begin (written by scripts/bench-scale.sh; make bench-scale) -->
## Scale: 1M requests, 10M disclosures (bench/scale)

Written by \`make bench-scale\` (scripts/bench-scale.sh) on $(date -u +%Y-%m-%d) in ${minutes} minutes.
Machine: $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB memory, release build.
Load average (1, 5, 15 min) before: $load_before; after: $load_after. A load above ~1 before
the run means other work shared the cores: wall times (p50/p99) then include waiting for a
core, and the client CPU column is the fairer measure (for SQLite it is all the work; for
PostgreSQL the server's share is in another process).

How it works, and what the queries are: see "Scale: method" below.

### SQLite

$sqlite_md

### PostgreSQL

$postgres_md

### Intake -> release through the HTTP API (SQLite)

$http_md
<!-- scale:end -->
MD
)
doc=docs/benchmarks.md
if grep -q '<!-- scale:begin' "$doc"; then
  SECTION="$section" python3 - "$doc" <<'PY'
import os, re, sys
path = sys.argv[1]
text = open(path).read()
text = re.sub(r"<!-- scale:begin.*?<!-- scale:end -->", lambda m: os.environ["SECTION"], text,
              flags=re.S)
open(path, "w").write(text)
PY
else
  printf '\n%s\n' "$section" >>"$doc"
fi
echo "$section"
