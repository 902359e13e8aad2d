#!/usr/bin/env bash
# Makes the Python virtual environment that the analytics checks run NetworkX from (the
# independent implementation that internal/ona and the connectors/teamCohesion API are
# compared against): .venv/ at the repository root (git-ignored), with networkx pinned.
# `make test` calls it; CI is a fresh machine where nothing installed by hand survives, so this
# script is the one place that installs it.
#
#   bash internal/devdb/networkx.sh     # idempotent: about 0.1 s when the venv is there
#
# It needs python3 with venv (Debian: python3-venv, installed with apt-get when missing and
# running as root) and reaches PyPI only. Concurrent calls are serialised with flock.
set -euo pipefail

NETWORKX_VERSION=3.6.1 # keep in step with internal/ona/networkx_test.go

log() { printf 'networkx.sh: %s\n' "$*" >&2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv="$root/.venv"
py="$venv/bin/python"

ready() {
  [[ -x $py ]] && "$py" -c "import sys, networkx; sys.exit(networkx.__version__ != '$NETWORKX_VERSION')" 2>/dev/null
}

if ready; then
  log "networkx $NETWORKX_VERSION in $venv"
  exit 0
fi

mkdir -p "$root/.local"
exec 9>"$root/.local/networkx.lock"
flock 9
if ready; then # another caller made it while we waited
  log "networkx $NETWORKX_VERSION in $venv"
  exit 0
fi

command -v python3 >/dev/null || { log "error: python3 is missing (Debian: apt-get install -y python3 python3-venv)"; exit 1; }
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing python3-venv with apt-get (once per machine)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-venv >&2
  else
    log "error: python3 has no venv module; run as root: apt-get install -y python3-venv"
    exit 1
  fi
fi

start=$SECONDS
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --disable-pip-version-check --no-input -q "networkx==$NETWORKX_VERSION" >&2
ready || { log "error: networkx $NETWORKX_VERSION did not import from $venv"; exit 1; }
log "made $venv with networkx $NETWORKX_VERSION in $((SECONDS - start)) s"
