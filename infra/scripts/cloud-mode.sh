#!/usr/bin/env bash
# The platform in its cloud shape on one machine, without AWS:
#   the real Lambda binaries (one per registry entry, `functions/lambdas`) run under the gateway's
#   Lambda Runtime API; the gateway forwards HTTP and WebSocket routes, polls the SQS queue and fires
#   the schedules as AWS would; the functions use the AWS engines against DynamoDB Local, the
#   OpenSearch node, ElasticMQ, s3s-fs and moto (SES), started by infra/scripts/emulators.sh.
#
# Usage: infra/scripts/cloud-mode.sh run     serve the platform (web app included) at a printed URL
#        infra/scripts/cloud-mode.sh test    run the API test suite against this shape
#        infra/scripts/cloud-mode.sh bench-cost  the cost figures (tests/benches/cost.rs, docs/cost.md)
#        infra/scripts/cloud-mode.sh build   only build the function binary (target/debug/rouen-lambda)
# The servers are started if they are not running, and stopped at the end if this script started them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
mode="${1:-run}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

build() {
  echo "== building the function binaries (cargo build -p rouen-lambdas --bin rouen-lambda)" >&2
  cargo build --locked -p rouen-lambdas --bin rouen-lambda
}

started_servers=""
servers() {
  if ! bash infra/scripts/emulators.sh status >/dev/null 2>&1; then
    echo "== starting the local AWS servers (infra/scripts/emulators.sh start)" >&2
    bash infra/scripts/emulators.sh start >&2
    started_servers=1
  fi
  # shellcheck disable=SC1091
  . .cache/emulators/env
}
stop_servers() {
  if [[ -n "$started_servers" ]]; then bash infra/scripts/emulators.sh stop >/dev/null 2>&1 || true; fi
}

case "$mode" in
  build)
    build
    ;;
  test)
    trap stop_servers EXIT
    build
    servers
    echo "== API tests against the cloud shape" >&2
    ROUEN_TEST_RUNTIME=cloud cargo test --locked -p rouen-tests --test api -- --test-threads "${ROUEN_CLOUD_TEST_THREADS:-4}"
    ;;
  bench-cost)
    trap stop_servers EXIT
    build
    servers
    cargo bench --locked -p rouen-tests --bench cost
    ;;
  run)
    trap stop_servers EXIT
    build
    cargo build --locked -p rouen-local-gateway --bin rouen-local
    bash infra/scripts/frontend-build.sh
    servers
    export PORT="${PORT:-8080}" DATA_DIR="${DATA_DIR:-./data-cloud}"
    export ROUEN_WEB_DIR="${ROUEN_WEB_DIR:-$root/frontend/dist}" ROUEN_RUNTIME=cloud
    "$root/target/debug/rouen-local"
    ;;
  *)
    echo "usage: $0 run|test|bench-cost|build" >&2
    exit 2
    ;;
esac
