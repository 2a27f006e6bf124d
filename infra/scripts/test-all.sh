#!/usr/bin/env bash
# `make test`: installs and starts everything the tests need on a fresh machine, runs every check and
# test, stops what it started. What CI runs (.ci/run). Each step prints its duration.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 SAM_CLI_TELEMETRY=0

work="$(mktemp -d "${TMPDIR:-/tmp}/rouen-test.XXXXXX")"
local_pid=""
emulators_pid=""
started=$(date +%s)
summary=()

cleanup() {
  local rc=$?
  [[ -n "$local_pid" ]] && kill "$local_pid" 2>/dev/null || true
  [[ -n "$emulators_pid" ]] && kill "$emulators_pid" 2>/dev/null || true
  bash infra/scripts/emulators.sh stop >/dev/null 2>&1 || true
  rm -rf "$work"
  if ((${#summary[@]})); then printf '\n== timings ==\n'; printf '%s\n' "${summary[@]}"; fi
  printf '== make test: %s in %ss ==\n' "$([[ $rc == 0 ]] && echo PASSED || echo FAILED)" "$(( $(date +%s) - started ))"
  exit "$rc"
}
trap cleanup EXIT

step() {
  local name="$1"; shift
  printf '\n==> %s\n' "$name"
  local t0; t0=$(date +%s)
  "$@"
  summary+=("$(printf '%5ss  %s' "$(( $(date +%s) - t0 ))" "$name")")
}

# --- tools -----------------------------------------------------------------------------------------
step "system packages (Debian chromium)" bash infra/scripts/system-deps.sh
step "python tools (cfn-lint, schemathesis, moto, cargo-lambda)" bash infra/scripts/python-tools.sh
venv="$root/.cache/venv/bin"

# The AWS-engine servers start in the background while the code builds (JVMs take a while).
mkdir -p .cache/emulators
bash infra/scripts/emulators.sh start >"$work/emulators.log" 2>&1 &
emulators_pid=$!

# --- static checks ---------------------------------------------------------------------------------
step "cargo fmt --check" cargo fmt --all -- --check
step "template: cfn-lint" "$venv/cfn-lint" --regions eu-west-3 -- template.yaml infra/stacks/*.yaml
# The SAM CLI's pins clash with the dev tools': its own venv. The count runs the SAM transform offline and
# fails over 450 resources in a stack (CloudFormation's limit is 500; docs/adr/0009-nested-stacks.md).
step "python tools (SAM CLI)" env PYTHON_TOOLS_REQUIREMENTS=infra/requirements-sam.txt \
  PYTHON_TOOLS_VENV=.cache/sam-venv bash infra/scripts/python-tools.sh
step "template: resources per stack" .cache/sam-venv/bin/python infra/scripts/count_resources.py --limit 450
sam_validate_all() {
  local t
  for t in template.yaml infra/stacks/*.yaml; do
    AWS_DEFAULT_REGION=eu-west-3 .cache/sam-venv/bin/sam validate --lint --template-file "$t"
  done
}
step "template: sam validate --lint" sam_validate_all
step "web app: npm ci + build" bash infra/scripts/frontend-build.sh
step "web app: eslint" npm --prefix frontend run --silent lint
step "web app: typecheck" npm --prefix frontend run --silent typecheck
step "web app: unit tests (vitest)" npm --prefix frontend run --silent test
step "cargo clippy -D warnings" cargo clippy --locked --workspace --all-targets -- -D warnings
step "cargo build (tests and binaries)" cargo test --locked --workspace --no-run
step "cargo build (local binary)" cargo build --locked -p rouen-local-gateway --bin rouen-local
step "cargo build (Lambda functions, one executable)" cargo build --locked -p rouen-lambdas --bin rouen-lambda

# --- Rust tests (embedded engines, gateway, registry/template, conformance on both engines) ---------
wait_emulators() {
  if ! wait "$emulators_pid"; then
    emulators_pid=""
    cat "$work/emulators.log" >&2
    echo "the AWS-engine servers did not start (log above)" >&2
    return 1
  fi
  emulators_pid=""
  tail -n 5 "$work/emulators.log"
}
step "AWS-engine servers ready" wait_emulators
# shellcheck disable=SC1091
. .cache/emulators/env
step "cargo test (all crates, both engines)" cargo test --locked --workspace
# The same API suite against the cloud shape (docs/adr/0011-cloud-mode.md): the Lambda binary under
# the gateway's Runtime API, over DynamoDB Local, OpenSearch, ElasticMQ, s3s-fs and moto.
step "API tests against the cloud shape (Lambda binaries, AWS engines)" \
  env ROUEN_TEST_RUNTIME=cloud cargo test --locked -p rouen-tests --test api -- --test-threads 4

# --- the local binary, driven from outside -----------------------------------------------------------
start_local() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  # The recorded city sources were captured on 2026-11-25: the platform's clock starts there, so the
  # browser tests see the same upcoming events and fresh news whatever the day they run.
  PORT="$port" DATA_DIR="$work/data" ROUEN_WEB_DIR="$root/frontend/dist" RUST_LOG=warn \
    ROUEN_CLOCK_START=2026-11-25T11:30:00Z \
    "$root/target/debug/rouen-local" >"$work/local.out" 2>"$work/local.err" &
  local_pid=$!
  for _ in $(seq 1 100); do
    if grep -q "is running at" "$work/local.out" 2>/dev/null; then
      base_url="http://127.0.0.1:$port"
      echo "local binary at $base_url"
      return 0
    fi
    kill -0 "$local_pid" 2>/dev/null || break
    sleep 0.2
  done
  cat "$work/local.err" >&2
  echo "the local binary did not start" >&2
  return 1
}
base_url=""
step "start the local binary" start_local
step "web app: Playwright (Debian chromium)" env E2E_BASE_URL="$base_url" npm --prefix frontend run --silent e2e
step "API: schemathesis against the OpenAPI document" bash infra/scripts/schemathesis.sh "$base_url"
