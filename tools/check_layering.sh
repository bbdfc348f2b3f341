#!/usr/bin/env bash
# Fails when a layer includes a layer outside it, or when the core includes a third-party
# adapter library.  Layers point inward:
#   base <- domain <- policy <- app <- {storage/*, crypto, render, http, cli, mail} <- bin
set -u
# Usage: tools/check_layering.sh [ROOT]   (ROOT defaults to this checkout)
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
core="base domain policy app"
declare -A allowed=(
  [base]="base" [domain]="base domain" [policy]="base domain policy"
  [app]="$core" [crypto]="$core crypto" [detect]="$core detect" [render]="$core render" [storage/sqlite]="$core storage/sqlite"
  [storage/postgres]="$core storage/postgres" [http]="$core http" [cli]="$core cli"
  [docstore]="$core docstore"
  [mail]="$core mail"
)
status=0
for layer in "${!allowed[@]}"; do
  dir="$root/src/$layer"
  [ -d "$dir" ] || continue
  while IFS= read -r line; do
    file=${line%%:*}
    inc=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"${line#*:}")
    ok=0
    for a in ${allowed[$layer]}; do [[ "$inc" == "$a/"* ]] && ok=1; done
    if [ $ok -eq 0 ]; then echo "layering: ${file#$root/} ($layer) includes \"$inc\""; status=1; fi
  done < <(grep -rnE '^\s*#\s*include\s+"' "$dir" --include='*.h' --include='*.cc' | cut -d: -f1,3-)
done
# The core never sees a driver, a parser or a network library; policy keeps its parsers in .cc files.
third='<(nlohmann/|sqlite3\.h|pqxx/|libpq|boost/|toml\+\+/|sodium|openssl/|cairo|qpdf/|hs/|CLI/|spdlog/|fmt/)'
for layer in base domain app; do
  if grep -rnE "^\s*#\s*include\s+$third" "$root/src/$layer" >/dev/null 2>&1; then
    grep -rnE "^\s*#\s*include\s+$third" "$root/src/$layer" | sed "s|$root/||;s|^|layering: third-party header in core: |"
    status=1
  fi
done
if grep -rnE "^\s*#\s*include\s+$third" "$root/src/policy" --include='*.h' >/dev/null 2>&1; then
  grep -rnE "^\s*#\s*include\s+$third" "$root/src/policy" --include='*.h' | sed "s|$root/||;s|^|layering: third-party header in a policy header: |"
  status=1
fi
[ $status -eq 0 ] && echo "layering: ok"
exit $status
