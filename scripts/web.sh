#!/usr/bin/env bash
# The web UI (web/, TypeScript built by Vite into web/dist).  Does only what is needed:
#   scripts/web.sh build                      npm ci when package-lock.json changed, then
#                                             vite build when a source is newer than the build
#   scripts/web.sh unit                       the unit tests (vitest, web/test)
#   scripts/web.sh test OPENROI [ARTIFACTS]   build, then the browser suite (web/e2e/run.mjs)
#                                             against OPENROI serve; screenshots go to ARTIFACTS
# Exit 77 (a skip for ctest) from `unit` and `test` when node or chromium is missing.
set -euo pipefail
mode=${1:-build}
openroi=${2:+$(realpath -m "$2")}
artifacts=$(realpath -m "${3:-build/artifacts/screenshots}")
cd "$(dirname "$0")/../web"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "web: node and npm are needed to build the web UI (Node.js 20.19 or later)" >&2
  [ "$mode" = build ] || exit 77
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "web: Node.js $(node -v) is too old for Vite 7; install 20.19 or later" >&2
  [ "$mode" = build ] || exit 77
  exit 1
fi

# One install or build at a time (ctest may start the unit and browser tests together).
exec 9>.build.lock
flock 9
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ "$mode" = unit ]; then
  flock -u 9
  exec npx --no-install vitest run
fi
if [ ! -f dist/index.html ] ||
   [ -n "$(find index.html src vite.config.ts tsconfig.json package-lock.json -newer dist/index.html -print -quit)" ]; then
  echo "web: building web/dist"
  npm run --silent build
fi
flock -u 9

case "$mode" in
  build) ;;
  test)
    [ -n "$openroi" ] || { echo "usage: scripts/web.sh test OPENROI [ARTIFACTS]" >&2; exit 2; }
    exec node e2e/run.mjs --openroi "$openroi" --artifacts "$artifacts" --web-root dist
    ;;
  *)
    echo "usage: scripts/web.sh build | unit | test OPENROI [ARTIFACTS]" >&2
    exit 2
    ;;
esac
