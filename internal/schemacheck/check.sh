#!/usr/bin/env bash
# The breaking-change check of the GraphQL schema (docs/portals.md, "Breaking changes"):
# compares the schema the code serves (`ecograph schema`) with baseline.graphql, using
# @graphql-inspector/core at the version package-lock.json pins, and fails on a breaking change
# that breaking.txt does not acknowledge. `make schema-check` runs it (and `make test` runs
# that); by hand, or on other files:
#
#   bash internal/schemacheck/check.sh                     # the code's schema vs the baseline
#   bash internal/schemacheck/check.sh OLD NEW ACK [--json]
#
# Installs the locked packages (npm ci checks each tarball against the lock's integrity) into
# internal/schemacheck/node_modules, which git ignores, once per lock; needs node 18+ and npm.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for tool in node npm; do
  command -v "$tool" >/dev/null || {
    echo "schemacheck: $tool not found; install Node.js 18 or later with npm (Debian: apt-get install nodejs npm)" >&2
    exit 2
  }
done

lock_sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
install() {
  if [[ "$(cat "$here/node_modules/.ecograph-lock" 2>/dev/null)" != "$lock_sum" ]]; then
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
    echo "$lock_sum" >"$here/node_modules/.ecograph-lock"
  fi
}
# One install at a time (make test and the package's Go test may both get here).
if command -v flock >/dev/null; then
  exec 9>"$here/.install.lock"
  flock 9
  install
  flock -u 9
else
  install
fi

if [[ $# -ge 3 ]]; then
  exec node "$here/check.mjs" "$@"
fi
[[ $# -eq 0 ]] || { echo "usage: $0 [BASELINE CURRENT ACKNOWLEDGED [--json]]" >&2; exit 2; }
cd "$here/../.."
current=$(mktemp)
trap 'rm -f "$current"' EXIT
go run ./cmd/ecograph schema >"$current"
node internal/schemacheck/check.mjs internal/schemacheck/baseline.graphql "$current" internal/schemacheck/breaking.txt
