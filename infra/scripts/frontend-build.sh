#!/usr/bin/env bash
# Installs the web app's dependencies from the lock file (only when it changed) and builds frontend/dist.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root/frontend"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp="node_modules/.installed-from-lock"
if [[ ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
  echo "==> npm ci (frontend)"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
echo "==> building the web app (frontend/dist)"
npm run --silent build
