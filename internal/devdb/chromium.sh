#!/usr/bin/env bash
# Makes sure a headless browser is there for the browser tests (chromedp): Debian's `chromium`
# package and a font for it to draw text with (`fonts-dejavu-core`). `make test` calls it; CI
# is a fresh Debian machine where nothing installed by hand survives, so this script is the
# one place that installs them.
#
#   bash internal/devdb/chromium.sh     # idempotent: about 0.1 s when both are installed
#
# Installing needs root (CI and the development machines run as root) and reaches Debian's
# package mirrors only. Without root it says what to install and exits 1. Concurrent calls are
# serialised with flock, so two test scripts can call it at once.
set -euo pipefail

log() { printf 'chromium.sh: %s\n' "$*" >&2; }

packages=(chromium fonts-dejavu-core)

missing() {
  local p out=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || out+=("$p")
  done
  printf '%s\n' "${out[@]}"
}

report() {
  local bin
  bin=$(command -v chromium || true)
  [[ -n $bin ]] || { log "error: chromium is installed but not on PATH"; exit 1; }
  log "$("$bin" --version 2>/dev/null || echo chromium) at $bin"
}

todo=$(missing)
if [[ -z $todo ]]; then
  report
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  log "error: no apt-get here; install Chromium (or Chrome) and put it on PATH as 'chromium'"
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  log "error: missing $(echo $todo); run as root: apt-get update && apt-get install -y $(echo $todo)"
  exit 1
fi

mkdir -p /var/lock
exec 9>/var/lock/ecograph-chromium.lock
flock 9
todo=$(missing) # another caller may have installed them while we waited
if [[ -n $todo ]]; then
  start=$SECONDS
  log "installing $(echo $todo) with apt-get (once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  # shellcheck disable=SC2086 # one word per package
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $todo >&2
  log "installed in $((SECONDS - start)) s"
fi
report
