#!/usr/bin/env bash
# Creates or updates the Python dev-tools venv (.cache/venv) from infra/requirements-dev.txt and prints
# the venv's bin directory on stdout (everything else goes to stderr), e.g.
#   PATH="$(infra/scripts/python-tools.sh):$PATH"
# Idempotent: skipped when the venv was already installed from the same requirements (sha256 stamp).
# Environment: PYTHON (interpreter used to create the venv, default python3; the pins were made on 3.11);
# PYTHON_TOOLS_REQUIREMENTS and PYTHON_TOOLS_VENV (default infra/requirements-dev.txt and .cache/venv)
# for another pinned tool set, e.g. the SAM CLI, whose pins clash with the dev tools':
#   PYTHON_TOOLS_REQUIREMENTS=infra/requirements-sam.txt PYTHON_TOOLS_VENV=.cache/sam-venv infra/scripts/python-tools.sh
set -euo pipefail

SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd -- "${SCRIPT_DIR}/../.." && pwd)"
REQUIREMENTS="$(cd "${ROOT}" && realpath -m -- "${PYTHON_TOOLS_REQUIREMENTS:-infra/requirements-dev.txt}")"
VENV="$(cd "${ROOT}" && realpath -m -- "${PYTHON_TOOLS_VENV:-.cache/venv}")"
STAMP="${VENV}/.requirements.sha256"
PYTHON="${PYTHON:-python3}"

log() { printf 'python-tools: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v "${PYTHON}" >/dev/null 2>&1 || die "'${PYTHON}' not found (set PYTHON to a Python 3.11 interpreter)"
[[ -f "${REQUIREMENTS}" ]] || die "missing ${REQUIREMENTS}"

mkdir -p "${ROOT}/.cache"
# Serialise concurrent callers (e.g. emulators.sh and a test run).
exec 9>"${ROOT}/.cache/venv.lock"
flock 9

py_version="$("${PYTHON}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[[ "${py_version}" == "3.11" ]] || log "warning: ${PYTHON} is Python ${py_version}; the pins were made on 3.11"
want="$({ sha256sum "${REQUIREMENTS}" | cut -d' ' -f1; echo "python ${py_version}"; } | sha256sum | cut -d' ' -f1)"

if [[ -x "${VENV}/bin/python" ]] && [[ -f "${STAMP}" ]] && [[ "$(cat "${STAMP}")" == "${want}" ]] \
    && "${VENV}/bin/python" -c 'import sys' >/dev/null 2>&1; then
    log "venv up to date (${VENV})"
else
    if [[ ! -x "${VENV}/bin/python" ]] || ! "${VENV}/bin/python" -c 'import sys' >/dev/null 2>&1; then
        log "creating venv ${VENV} with ${PYTHON} (${py_version})"
        rm -rf "${VENV}"
        "${PYTHON}" -m venv "${VENV}"
    fi
    rm -f "${STAMP}"
    log "installing ${REQUIREMENTS}"
    "${VENV}/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "${REQUIREMENTS}" >&2
    "${VENV}/bin/python" -m pip check >&2 || die "pip check failed in ${VENV}"
    printf '%s\n' "${want}" >"${STAMP}"
    log "venv ready (${VENV})"
fi

printf '%s\n' "${VENV}/bin"
