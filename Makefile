# Rouen Social — the two commands of the README, and a few helpers.
#   make run    build the web app and the local binary, then run the whole platform locally
#   make test   install what the tests need, then run every check and test (what CI runs)

PORT ?= 8080
DATA_DIR ?= ./data
export PORT DATA_DIR

.PHONY: run test cloud test-cloud bench-cost bench-coldstart frontend local-binary lint fmt emulators-start emulators-stop lambdas bench bench-realtime bench-city bench-transit clean-data help

help:
	@echo "make run    - run the platform locally at http://127.0.0.1:$(PORT) (PORT, DATA_DIR honoured)"
	@echo "make test   - install test dependencies and run the whole test suite (what CI runs)"
	@echo "make lint   - rustfmt + clippy + front-end lint and typecheck"
	@echo "make cloud  - run the platform in its AWS shape: Lambda binaries under a Runtime API, AWS engines on local servers"
	@echo "make test-cloud - the API test suite against that shape"
	@echo "make bench-coldstart - every function's init time next to a minimal lambda_runtime function's, and binary sizes"
	@echo "make bench-cost - measured calls, durations and DynamoDB capacity per resident-day, and the monthly cost model"
	@echo "make lambdas - build every Lambda function with cargo-lambda (release, arm64)"
	@echo "make bench  - feed benchmark: fan-out posts/s and home-feed latency percentiles"
	@echo "make bench-realtime - 1,000 WebSocket clients: delivery latency percentiles and lost messages"
	@echo "make bench-city - scrapes of every recorded source (items/s, per source) and list latencies"
	@echo "make bench-transit - journey planning latency percentiles over 1,000 random stop pairs of the demo network"

run: frontend local-binary
	@bash infra/scripts/run-local.sh

test:
	@bash infra/scripts/test-all.sh

cloud:
	@bash infra/scripts/cloud-mode.sh run

test-cloud:
	@bash infra/scripts/cloud-mode.sh test

frontend:
	@bash infra/scripts/frontend-build.sh

local-binary:
	cargo build --locked -p rouen-local-gateway --bin rouen-local

lint:
	cargo fmt --all -- --check
	cargo clippy --locked --workspace --all-targets -- -D warnings
	npm --prefix frontend run lint
	npm --prefix frontend run typecheck

fmt:
	cargo fmt --all

emulators-start:
	@bash infra/scripts/emulators.sh start

emulators-stop:
	@bash infra/scripts/emulators.sh stop

lambdas:
	@bash infra/scripts/build-lambdas.sh

# Feed benchmark on the local binary (release build); sizes via BENCH_USERS, BENCH_POSTS, ...
bench:
	cargo bench --locked -p rouen-tests --bench feeds

# WebSocket load on the local binary (release, loopback); BENCH_CLIENTS, BENCH_MESSAGES, BENCH_RATE
bench-realtime:
	cargo bench --locked -p rouen-tests --bench realtime

# City content: full scrapes of every recorded source and list latencies (BENCH_ROUNDS, BENCH_READS).
bench-city:
	cargo bench --locked -p rouen-tests --bench city

# Journey planning on the imported demo network (release build): import time, timetable size and the
# latency percentiles of 1,000 random stop pairs.
bench-transit:
	cargo bench --locked -p rouen-transit --bench plan

# Cost figures from the cloud mode: per-function calls, duration and DynamoDB capacity units of a scripted
# active day per resident, the schedules' runs, and the monthly model of docs/cost.md (BENCH_RESIDENTS).
bench-cost:
	@bash infra/scripts/cloud-mode.sh bench-cost

# Init time of every function under the cloud mode's Runtime API next to a minimal lambda_runtime
# function's, and the binary sizes (release builds; BENCH_STARTS, ROUEN_LAMBDA_DIR for per-function ones).
bench-coldstart:
	cargo build --locked --release -p rouen-lambdas --bin rouen-lambda --bin lambda-hello
	cargo bench --locked -p rouen-tests --bench coldstart

clean-data:
	rm -rf "$(DATA_DIR)"
