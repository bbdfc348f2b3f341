#!/usr/bin/env bash
# End-to-end tests of the openroi program as a user runs it: exit codes, messages, the database
# commands and a real server on a free port, stopped with SIGTERM.
# Usage: cli_test.sh OPENROI_BINARY [sqlite|postgres]
set -u
bin=$1
kind=${2:-sqlite}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

passed=0
failed=0
check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
contains() { grep -q -- "$2" <<<"$1"; }

# Keep the caller's environment from steering the program.
for v in $(env | grep -o '^OPENROI_[A-Z_]*'); do unset "$v"; done
if [ "$kind" = postgres ]; then
  if [ -z "${ROI_TEST_POSTGRES_URL:-}" ]; then echo "SKIP: ROI_TEST_POSTGRES_URL unset"; exit 0; fi
  db="openroi_cli_$$"
  psql "$ROI_TEST_POSTGRES_URL" -qc "CREATE DATABASE $db" >/dev/null || exit 1
  export OPENROI_DATABASE_URL="${ROI_TEST_POSTGRES_URL%/*}/$db"
else
  export OPENROI_DATABASE_URL="sqlite:$work/openroi.db"
fi

out=$("$bin" version); check "version prints the version" contains "$out" "^openroi [0-9]"
"$bin" >/dev/null 2>&1; check "no command is a usage error (2)" test $? -eq 2
"$bin" frobnicate >/dev/null 2>&1; check "unknown command exits 2" test $? -eq 2

printf '[server]\nprot = 1\n' >bad.toml
err=$("$bin" --config bad.toml config 2>&1); code=$?
check "unknown config key exits 78" test $code -eq 78
check "unknown config key is named with its line" contains "$err" "line 2: key server.prot"
err=$(OPENROI_SERVER_PORT=http "$bin" config 2>&1); code=$?
check "bad environment value exits 78" test $code -eq 78
check "bad environment value names the variable" contains "$err" "OPENROI_SERVER_PORT"
out=$(OPENROI_DATABASE_URL=postgresql://roi:s3cret@127.0.0.1:1/x "$bin" config)
check "config masks the database password" contains "$out" 'roi:\*\*\*@'

out=$("$bin" migrate); check "migrate exits 0" test $? -eq 0
check "migrate reports versions" contains "$out" "schema version 0 -> "
out=$("$bin" migrate); check "second migrate applies nothing" contains "$out" "(0 migrations applied)"
out=$("$bin" demo); check "demo loads synthetic data" contains "$out" "synthetic patients"
check "demo takes in three decided requests" contains "$out" "demo requests: 3"
check "demo prints the demo login" contains "$out" 'demo login: organization "demo", email specialist@demo.openroi.test, password demo-password-change-me'
out=$("$bin" demo); check "demo is idempotent" contains "$out" "already loaded"
out=$("$bin" retention purge --dry-run --org demo); code=$?
check "retention purge --dry-run exits 0" test $code -eq 0
check "the dry run prints a JSON report" contains "$out" '"dry_run": true'
check "the dry run names the organization" contains "$out" '"organization": "demo"'
check "demo requests are not past retention" contains "$out" '"eligible_count": 0'
err=$("$bin" retention purge --org nosuch 2>&1); code=$?
check "retention purge of an unknown organization fails" test $code -ne 0

# Organization settings.  demo made the demo organization a hospital on the default roles.
out=$("$bin" org show --org demo)
check "org show prints the entity type" contains "$out" '"entity_type": "hospital"'
check "org show prints the default scoped roles" contains "$out" '"assignment_scoped_roles": null'
out=$("$bin" org set --org demo --entity-type physician_practice --part2 yes --scoped-roles clinician,billing)
check "org set changes the entity type" contains "$out" '"entity_type": "physician_practice"'
check "org set changes the Part 2 flag" contains "$out" '"part2_program": true'
check "org set changes the scoped roles" contains "$out" '"billing"'
err=$("$bin" org set --org demo --entity-type spaceship 2>&1); code=$?
check "org set refuses an unknown entity type (2)" test $code -eq 2
check "the refusal names the option" contains "$err" "--entity-type"
err=$("$bin" org set --org demo --scoped-roles requester 2>&1); code=$?
check "org set refuses a role that cannot read patients (2)" test $code -eq 2
out=$("$bin" org set --org demo --entity-type hospital --part2 no --scoped-roles default)
check "org set goes back to the default roles" contains "$out" '"assignment_scoped_roles": null'
out=$("$bin" org fees show --org demo)
check "org fees show prints the default flat fee" contains "$out" '"flat_cents": 650'
out=$("$bin" org fees set --org demo --patient-electronic actual --labor-rate-cents 3000)
check "org fees set changes the policy" contains "$out" '"patient_electronic": "actual"'
check "org fees set changes the labor rate" contains "$out" '"labor_rate_cents_per_hour": 3000'
err=$("$bin" org fees set --org demo --flat-cents 700 2>&1); code=$?
check "org fees set refuses a flat fee above the rules (2)" test $code -eq 2
check "the refusal names the maximum" contains "$err" "maximum flat fee"
err=$("$bin" org fees set --org demo --patient-electronic free 2>&1); code=$?
check "org fees set refuses an unknown policy (2)" test $code -eq 2
out=$("$bin" org fees set --org demo --patient-electronic flat --labor-rate-cents 0)
check "org fees set goes back to the flat fee" contains "$out" '"patient_electronic": "flat"'

# Encryption keys.  demo made a development master key in the data directory (with a warning).
check "demo makes a development master key" test -f openroi-dev-master.key
check "the development key is private" test "$(stat -c %a openroi-dev-master.key)" = 600
err=$("$bin" demo 2>&1 >/dev/null)
check "demo warns about the development key" contains "$err" "warning: no master key configured"
dev_id=$(grep -o '(id [0-9a-f]*)' <<<"$err" | grep -o '[0-9a-f]\{32\}')
check "the warning shows the key id" test -n "$dev_id"
err=$("$bin" serve --port 0 2>&1); code=$?
check "serve without a master key exits 78" test $code -eq 78
check "the missing-key error names the settings" contains "$err" "no master key configured: set master.key_file (OPENROI_MASTER_KEY_FILE) or master.key (OPENROI_MASTER_KEY"
export OPENROI_MASTER_KEY_FILE=$work/openroi-dev-master.key
out=$("$bin" keys rotate-data --org demo)
check "keys rotate-data starts data key version 1" contains "$out" '"demo": new content now uses data key version 1'
out=$("$bin" keys check); check "keys check accepts the right key" contains "$out" "master key $dev_id matches"
out=$("$bin" keys generate --out new.key)
new_id=$(grep -o 'master key [0-9a-f]*' <<<"$out" | grep -o '[0-9a-f]\{32\}$')
check "keys generate prints the new key id" test -n "$new_id"
"$bin" keys generate --out new.key >/dev/null 2>&1; code=$?
check "keys generate never overwrites a key (75)" test $code -eq 75
err=$(OPENROI_MASTER_KEY_FILE=new.key "$bin" keys check 2>&1); code=$?
check "a wrong master key exits 78" test $code -eq 78
check "a wrong master key names both key ids" contains "$err" \
  "master key does not match the one the data keys were wrapped with (expected key id $dev_id, got $new_id)"
err=$(OPENROI_MASTER_KEY_FILE=new.key "$bin" serve --port 0 2>&1); code=$?
check "serve with a wrong master key exits 78" test $code -eq 78
check "serve names the mismatch" contains "$err" "expected key id $dev_id, got $new_id"
err=$(OPENROI_MASTER_KEY_FILE=absent.key "$bin" keys check 2>&1); code=$?
check "an unreadable key file exits 78 naming it" test $code -eq 78
check "the unreadable key file is named" contains "$err" "absent.key"
err=$(env -u OPENROI_MASTER_KEY_FILE OPENROI_MASTER_KEY=bm90LWEta2V5 "$bin" keys check 2>&1); code=$?
check "a malformed OPENROI_MASTER_KEY exits 78" test $code -eq 78
check "the malformed key's variable is named" contains "$err" "OPENROI_MASTER_KEY"
check "the malformed key is not echoed" test "$(grep -c bm90LWEta2V5 <<<"$err")" -eq 0
err=$(OPENROI_MASTER_KEY=bm90LWEta2V5 "$bin" keys check 2>&1); code=$?
check "setting both key settings exits 78" test $code -eq 78
# A rotation window: the new key as master with the old one accepted reads everything.
out=$(OPENROI_MASTER_KEY_FILE=new.key OPENROI_MASTER_ACCEPT_KEY_FILE=openroi-dev-master.key \
  "$bin" keys check); check "the rotation window accepts both keys" contains "$out" "matches"
out=$("$bin" keys rotate-master --new-key-file new.key)
check "rotate-master rewraps the data key" contains "$out" "rewrapped 1 data key in"
check "rotate-master names both ids" contains "$out" "from master key $dev_id to $new_id"
"$bin" keys check >/dev/null 2>&1; code=$?
check "after rotate-master the old key is refused (78)" test $code -eq 78
export OPENROI_MASTER_KEY_FILE=$work/new.key
out=$("$bin" keys check); check "after rotate-master the new key works" contains "$out" "master key $new_id matches"
out=$("$bin" keys rotate-data --org demo)
check "a second data key version" contains "$out" "data key version 2"
out=$("$bin" keys reencrypt --org demo --batch 5)
check "reencrypt reports per organization" contains "$out" '"demo": re-encrypted 0 items'
"$bin" keys rotate-data --org nosuch >/dev/null 2>&1; code=$?
check "rotate-data for an unknown organization exits 3" test $code -eq 3
key_sql="SELECT entity_kind || ':' || count(*) FROM audit_events
  WHERE entity_kind IN ('data_key', 'master_key') AND actor_label LIKE 'command line%'
  GROUP BY entity_kind ORDER BY entity_kind"
if [ "$kind" = postgres ]; then
  key_events=$(psql "$OPENROI_DATABASE_URL" -tAc "$key_sql" | tr '\n' ' ')
else
  key_events=$(sqlite3 "$work/openroi.db" "$key_sql" | tr '\n' ' ')
fi
check "key rotations are in the audit trail (two data keys, one master key)" \
  test "$key_events" = "data_key:2 master_key:1 "

# Documents: import streams a file from disk; the type comes from the bytes, never the name.
printf 'Synthetic note for the demo patient.\nSecond line.\n' > note.pdf
import_args=(--org demo --email specialist@demo.openroi.test --patient 1 --kind progress_note)
out=$("$bin" document import note.pdf "${import_args[@]}")
check "document import stores a text document" contains "$out" "stored document [0-9]* (text/plain, [0-9]* bytes, 1 page)"
out=$("$bin" document import note.pdf "${import_args[@]}")
check "the same bytes again are stored once" contains "$out" "same bytes already stored, shared"
err=$("$bin" document import note.pdf --type application/pdf "${import_args[@]}" 2>&1); code=$?
check "a declared type the bytes contradict exits 2" test $code -eq 2
check "the mismatch is explained" contains "$err" "does not match the content"
printf '%%PDF-1.4\nbroken\n' > broken.pdf
err=$("$bin" document import broken.pdf "${import_args[@]}" 2>&1); code=$?
check "a truncated PDF exits 2" test $code -eq 2
check "the truncated PDF is named" contains "$err" "truncated PDF"

# Users: the password comes from OPENROI_NEW_PASSWORD or one line of standard input.
out=$(OPENROI_NEW_PASSWORD='a long enough password' "$bin" user add --org demo \
  --email Billing@Demo.openroi.test --name 'Demo Billing' --role billing)
check "user add exits 0" test $? -eq 0
check "user add names the role, not the password" contains "$out" "added user [0-9]* (role billing)"
check "user add never prints the password" test "${out/a long enough password/}" = "$out"
echo 'another long password' | "$bin" user passwd --org demo --email billing@demo.openroi.test >/dev/null
check "user passwd reads stdin" test $? -eq 0
OPENROI_NEW_PASSWORD='a long enough password' "$bin" user add --org demo \
  --email billing@demo.openroi.test --name Again --role billing >/dev/null 2>&1
check "a taken email exits 75" test $? -eq 75
OPENROI_NEW_PASSWORD='a long enough password' "$bin" user add --org demo \
  --email x@demo.openroi.test --name X --role root >/dev/null 2>&1
check "an unknown role exits 2" test $? -eq 2
"$bin" user disable --org demo --email billing@demo.openroi.test >/dev/null
check "user disable exits 0" test $? -eq 0

# API tokens from the command line: printed once; scopes are permissions of the user's role.
out=$("$bin" token create --org demo --email specialist@demo.openroi.test --name 'cli test' \
  --scope decide --days 7)
check "token create exits 0" test $? -eq 0
api_token=$(grep -o 'oroi_[0-9]*_[A-Za-z0-9_-]*' <<<"$out")
api_token_id=$(grep -o 'API token [0-9]*' <<<"$out" | grep -o '[0-9]*$')
check "token create prints the token" test -n "$api_token"
"$bin" token create --org demo --email specialist@demo.openroi.test --name x \
  --scope manage_users --days 7 >/dev/null 2>&1
check "a scope beyond the role exits 77" test $? -eq 77
"$bin" token create --org demo --email specialist@demo.openroi.test --name x \
  --scope decide --days 400 >/dev/null 2>&1
check "more than 366 days is a usage error" test $? -eq 2
"$bin" token revoke --org demo --id 999999 >/dev/null 2>&1
check "revoking an unknown token exits 3" test $? -eq 3

out=$("$bin" decide "$repo/tests/cli/case_patient_access.json"); code=$?
check "decide exits 0 for a valid case" test $code -eq 0
check "decide prints a decision" contains "$out" '"schema":"openroi.decision/1"'
out2=$("$bin" decide - <"$repo/tests/cli/case_patient_access.json")
check "decide reads standard input identically" test "$out" = "$out2"
err=$(echo '{"schema":"openroi.case/1","documents":[{"id":"d","kind":"xray"}]}' | "$bin" decide - 2>&1)
code=$?
check "an invalid case exits 2" test $code -eq 2
check "problems are listed by JSON pointer" contains "$err" "/documents/0/kind"
echo '{not json' | "$bin" decide - >/dev/null 2>&1; check "malformed JSON exits 2" test $? -eq 2
"$bin" decide "$work/missing.json" >/dev/null 2>&1; check "a missing case file exits 3" test $? -eq 3

# A real server on a free port, serving a small stand-in for the built web UI.
mkdir -p webroot/assets
echo '<!doctype html><title>ui-marker</title>' >webroot/index.html
echo 'export {}' >webroot/assets/app-1a2b.js
echo 'outside the web root' >secret.txt
OPENROI_WEB_ROOT="$work/webroot" "$bin" serve --port 0 >serve.out 2>serve.err &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' serve.out 2>/dev/null | grep -o '[0-9]*$')
  [ -n "$port" ] && break
  sleep 0.1
done
check "serve prints where it listens" test -n "$port"
base="http://127.0.0.1:$port"
check "healthz answers" contains "$(curl -s "$base/healthz")" '"status":"ok"'
check "readyz checks the database" contains "$(curl -s "$base/readyz")" '"status":"ready"'
check "openapi lists decide" contains "$(curl -s "$base/api/v1/openapi.json")" '/api/v1/decide'
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST \
  --data-binary @"$repo/tests/cli/case_patient_access.json" "$base/api/v1/decide")
check "POST /api/v1/decide without signing in is 401" test "$code" = 401
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/no/such/thing")
check "unknown paths are 404" test "$code" = 404
check "/ serves the web UI's index.html" contains "$(curl -s "$base/")" 'ui-marker'
check "assets are served as JavaScript, cacheable" \
  contains "$(curl -s -D - -o /dev/null "$base/assets/app-1a2b.js")" 'immutable'
code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$base/assets/%2e%2e/%2e%2e/secret.txt")
check "an encoded traversal out of the web root is 404" test "$code" = 404
check "no warning about the web UI when it is there" \
  test -z "$(grep 'web UI not found' serve.err)"
check "metrics count requests" contains "$(curl -s "$base/metrics")" 'route="/healthz",code="2xx"} 1'
check "the access log is JSON without the query" contains "$(cat serve.err)" '"route":"/healthz"'
check "app log lines are JSON with level and message" contains "$(cat serve.err)" '"level":"info","msg":"listening on'

# Sign-in with the demo login printed by `openroi demo`.
login='{"organization":"demo","email":"specialist@demo.openroi.test","password":"demo-password-change-me"}'
code=$(curl -s -o login.json -D login.headers -w '%{http_code}' -H 'Content-Type: application/json' \
  --data "$login" "$base/api/v1/auth/login")
check "the demo login signs in" test "$code" = 200
check "login sets an HttpOnly SameSite=Strict cookie" \
  grep -qi '^set-cookie: openroi_session=.*HttpOnly; SameSite=Strict; Path=/' login.headers
cookie=$(grep -io 'openroi_session=[^;]*' login.headers | head -n 1)
csrf=$(grep -o '"csrf_token":"[^"]*"' login.json | cut -d'"' -f4)
check "login returns the user" contains "$(cat login.json)" '"role":"roi_specialist"'
check "auth/me answers with the cookie" \
  contains "$(curl -s -H "Cookie: $cookie" "$base/api/v1/auth/me")" 'specialist@demo.openroi.test'
http_out=$(curl -s -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  --data-binary @"$repo/tests/cli/case_patient_access.json" "$base/api/v1/decide")
check "POST /api/v1/decide matches the CLI byte for byte" test "$http_out" = "$out"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  --data-binary '{"schema":1}' "$base/api/v1/decide")
check "an invalid case is HTTP 400" test "$code" = 400
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Cookie: $cookie" "$base/api/v1/auth/logout")
check "a POST without the CSRF header is 403" test "$code" = 403
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
  "$base/api/v1/auth/logout")
check "logout with the CSRF header is 204" test "$code" = 204
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base/api/v1/auth/me")
check "auth/me after logout is 401" test "$code" = 401
code=$(curl -s -o /dev/null -w '%{http_code}' --data \
  '{"organization":"demo","email":"billing@demo.openroi.test","password":"another long password"}' \
  "$base/api/v1/auth/login")
check "a disabled user cannot sign in" test "$code" = 401
http_out=$(curl -s -X POST -H "Authorization: Bearer $api_token" \
  --data-binary @"$repo/tests/cli/case_patient_access.json" "$base/api/v1/decide")
check "an API token with the decide scope may decide (no CSRF)" test "$http_out" = "$out"
"$bin" token revoke --org demo --id "$api_token_id" >/dev/null
check "token revoke exits 0" test $? -eq 0
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $api_token" \
  "$base/api/v1/auth/me")
check "a revoked token is 401" test "$code" = 401
kill -TERM "$server_pid"
wait "$server_pid"; code=$?
server_pid=
check "SIGTERM stops the server cleanly" test $code -eq 0
check "serve starts a job runner" contains "$(cat serve.err)" 'job runner(s) started'
check "the job runners stop with the server" contains "$(cat serve.err)" '"msg":"stopped"'
scan_sql="SELECT count(*) FROM jobs WHERE kind = 'deadlines.scan' AND state = 'done'"
if [ "$kind" = postgres ]; then
  scans=$(psql "$OPENROI_DATABASE_URL" -tAc "$scan_sql")
else
  scans=$(sqlite3 "$work/openroi.db" "$scan_sql")
fi
check "serve ran the demo organization's deadline scan" test "${scans:-0}" -ge 1

# The audit trail: a key, a seal, an intact chain, then a row changed behind the program's back.
"$bin" audit keygen --out "$work/seal.key" >/dev/null
check "audit keygen exits 0" test $? -eq 0
"$bin" audit keygen --out "$work/seal.key" >/dev/null 2>&1
check "audit keygen never overwrites a key (75)" test $? -eq 75
export OPENROI_AUDIT_SEAL_KEY_FILE="$work/seal.key"
out=$("$bin" audit seal --org demo)
check "audit seal seals the demo chain" contains "$out" 'organization "demo": sealed at sequence'
out=$("$bin" audit verify)
check "audit verify reports an intact chain" contains "$out" 'organization "demo": audit chain intact'
tamper="UPDATE audit_events SET detail = 'edited' WHERE sequence = 2
  AND organization_id = (SELECT id FROM organizations WHERE slug = 'demo')"
if [ "$kind" = postgres ]; then
  psql "$OPENROI_DATABASE_URL" -qc "$tamper" >/dev/null
else
  sqlite3 "$work/openroi.db" "$tamper"
fi
err=$("$bin" audit verify --org demo 2>&1 >/dev/null); code=$?
check "audit verify exits 1 on a changed row" test $code -eq 1
check "audit verify names the organization and the event" \
  contains "$err" 'organization "demo": audit chain BROKEN at sequence 2 (altered)'
unset OPENROI_AUDIT_SEAL_KEY_FILE

# Release packet keys and offline verification (the packet itself: packet_integration_test).
out=$("$bin" packet keygen --out "$work/packet.key")
check "packet keygen exits 0" test $? -eq 0
check "packet keygen writes the public key beside it" test -s "$work/packet.key.pub"
check "packet keygen prints the public key" contains "$out" "$(cat "$work/packet.key.pub")"
"$bin" packet keygen --out "$work/packet.key" >/dev/null 2>&1
check "packet keygen never overwrites a key (75)" test $? -eq 75
"$bin" packet verify "$work/missing.pdf" --public-key "$work/packet.key.pub" >/dev/null 2>&1
check "packet verify of a missing file exits 66" test $? -eq 66
printf '%%PDF-1.7 synthetic\n' >"$work/p.pdf"
printf '{"manifest": 1}' >"$work/p.pdf.manifest.json"
err=$(OPENROI_PACKET_SIGNING_KEY_FILE="$work/packet.key" "$bin" packet verify "$work/p.pdf" 2>&1)
check "packet verify exits 2 on a malformed manifest" test $? -eq 2
check "packet verify names a malformed manifest" contains "$err" "malformed_manifest"
out=$("$bin" packet keys --org demo)
check "packet keys before the first packet says none yet" contains "$out" "demo: no packet signing key yet"
out=$("$bin" packet rotate-key --org demo)
check "packet rotate-key makes version 1" contains "$out" '"demo": packets are now signed with key version 1'
"$bin" packet rotate-key --org demo >/dev/null
out=$("$bin" packet keys --org demo)
check "packet keys lists both versions" test "$(grep -c '^demo' <<<"$out")" -eq 2
check "packet keys marks version 2 current" contains "$out" "current"
rotation_sql="SELECT count(*) FROM audit_events WHERE entity_kind = 'packet_signing_key'
  AND actor_label LIKE 'command line%' AND action = 'create'
  AND organization_id = (SELECT id FROM organizations WHERE slug = 'demo')"
if [ "$kind" = postgres ]; then
  rotations=$(psql "$OPENROI_DATABASE_URL" -tAc "$rotation_sql")
else
  rotations=$(sqlite3 "$work/openroi.db" "$rotation_sql")
fi
check "packet rotate-key records an audit event per rotation" test "${rotations:-0}" -eq 2
"$bin" packet rotate-key --org nosuch >/dev/null 2>&1
check "packet rotate-key of an unknown organization fails" test $? -ne 0

if [ "$kind" = postgres ]; then
  psql "$ROI_TEST_POSTGRES_URL" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
