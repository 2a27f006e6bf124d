#!/usr/bin/env bash
# Builds every Lambda function (one binary per registry entry) with cargo-lambda, for arm64 (Graviton)
# by default: target/lambda/<function>/bootstrap. `sam build` does the same per function through
# BuildMethod rust-cargolambda. Usage: build-lambdas.sh [--x86-64]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
bash infra/scripts/python-tools.sh >/dev/null
# cargo-lambda finds zig through `python3 -m ziglang`: the venv's python3 must come first.
export PATH="$root/.cache/venv/bin:$PATH"
arch_flag="--arm64"
[[ "${1:-}" == "--x86-64" ]] && arch_flag="--x86-64"
cargo lambda build --release "$arch_flag" --locked -p rouen-lambdas
printf '\n%-24s %10s\n' function bytes
for f in target/lambda/*/bootstrap; do
  printf '%-24s %10s\n' "$(basename "$(dirname "$f")")" "$(stat -c %s "$f")"
done
