#!/usr/bin/env bash
# Installs the Debian packages the project needs beyond the toolchains (idempotent):
#   chromium  headless browser for the frontend end-to-end tests (/usr/bin/chromium)
# Runs apt-get update once, then apt-get install, only when something is missing.
# Uses sudo only when not already root.
set -euo pipefail

log() { printf 'system-deps: %s\n' "$*" >&2; }

if [[ -x /usr/bin/chromium ]]; then
    log "chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo '/usr/bin/chromium'))"
    exit 0
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { log "ERROR: not root and sudo is not available"; exit 1; }
    SUDO=(sudo)
fi
command -v apt-get >/dev/null 2>&1 || { log "ERROR: apt-get not found (this script targets Debian)"; exit 1; }

export DEBIAN_FRONTEND=noninteractive
log "installing chromium"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
[[ -x /usr/bin/chromium ]] || { log "ERROR: /usr/bin/chromium still missing after apt-get install"; exit 1; }
log "installed $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
