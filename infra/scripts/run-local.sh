#!/usr/bin/env bash
# Runs the local binary (built by `make run`) with PORT and DATA_DIR; it prints its URL once it answers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export PORT="${PORT:-8080}" DATA_DIR="${DATA_DIR:-./data}"
export ROUEN_WEB_DIR="${ROUEN_WEB_DIR:-$root/frontend/dist}"
export ROUEN_LOG_FORMAT="${ROUEN_LOG_FORMAT:-pretty}"
exec "$root/target/debug/rouen-local"
