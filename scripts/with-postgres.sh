#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster:
#
#   scripts/with-postgres.sh CMD ARGS...
#
# Creates a cluster in a fresh temporary directory, starts it on a free loopback port (no TCP
# outside 127.0.0.1, Unix socket inside the temporary directory), creates the database
# openroi_test, exports ROI_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:PORT/openroi_test,
# runs the command, and always stops the cluster and deletes the directory afterwards.  Exits with
# the command's status.  As root, the server runs as the 'postgres' user (initdb refuses root).
# PG_BIN overrides the directory of the server binaries (default: newest /usr/lib/postgresql/*/bin).
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  echo "with-postgres: PostgreSQL server binaries not found (set PG_BIN)" >&2
  exit 2
fi

as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  if ! id postgres >/dev/null 2>&1; then
    echo "with-postgres: running as root needs a 'postgres' user" >&2
    exit 2
  fi
  as_owner=(runuser -u postgres --)
fi

workdir=$(mktemp -d "${TMPDIR:-/tmp}/openroi-pg.XXXXXX")
chmod 700 "$workdir"
if [[ ${#as_owner[@]} -gt 0 ]]; then chown postgres: "$workdir"; fi
datadir="$workdir/data"
started=0

cleanup() {
  local status=$?
  if [[ $started -eq 1 ]]; then
    "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$datadir" -m fast -w stop >/dev/null 2>&1 ||
      "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$datadir" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$workdir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"${as_owner[@]}" "$PG_BIN/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C \
  --no-sync >"$workdir/initdb.log" 2>&1 || {
  cat "$workdir/initdb.log" >&2
  exit 1
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

for attempt in $(seq 1 20); do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  if "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$datadir" -l "$workdir/server.log" -w -t 30 \
    -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
    started=1
    break
  fi
done
if [[ $started -ne 1 ]]; then
  echo "with-postgres: could not start PostgreSQL" >&2
  cat "$workdir/server.log" >&2 || true
  exit 1
fi

"${as_owner[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres openroi_test

export ROI_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/openroi_test"
set +e
"$@"
status=$?
set -e
exit "$status"
