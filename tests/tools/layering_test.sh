#!/usr/bin/env bash
# The layering check must reject an inward layer that includes an outer one, and a core layer that
# includes a third-party header; and accept a clean tree.
set -u
check=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/src/base" "$tree/src/domain" "$tree/src/http" "$tree/src/app"
echo '#include "base/error.h"' >"$tree/src/domain/ok.h"
echo '#include "app/store.h"' >"$tree/src/http/ok.h"
passed=0; failed=0
expect() { if [ "$1" = "$2" ]; then passed=$((passed+1)); else failed=$((failed+1)); echo "FAIL: $3"; fi; }
"$check" "$tree" >/dev/null; expect $? 0 "a clean tree passes"
echo '#include "http/router.h"' >"$tree/src/domain/bad.h"
out=$("$check" "$tree"); expect $? 1 "domain including http fails"
grep -q 'src/domain/bad.h (domain) includes "http/router.h"' <<<"$out"; expect $? 0 "the offender is named"
rm "$tree/src/domain/bad.h"
echo '#include <sqlite3.h>' >"$tree/src/app/bad.cc"
"$check" "$tree" >/dev/null; expect $? 1 "app including sqlite3.h fails"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
