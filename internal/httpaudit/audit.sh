#!/usr/bin/env bash
# The GraphQL-over-HTTP reference audit (npm graphql-http, auditServer) against a running
# endpoint: installs exactly what package-lock.json pins (npm ci checks each tarball against the
# lock's integrity hash) into a temporary directory, runs audit.mjs there and prints its JSON
# results on stdout. internal/server/audit_test.go runs it against the real handler in
# `make test`; by hand:
#
#   ECOGRAPH_AUDIT_TOKEN=$(bin/ecograph token --role ANALYST) \
#     bash internal/httpaudit/audit.sh http://127.0.0.1:8080/graphql
#
# Needs node (18 or later, for fetch) and npm; nothing is installed into the source tree.
# After changing a version in package.json: npm install --package-lock-only --ignore-scripts.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $# -eq 1 ]] || { echo "usage: $0 URL" >&2; exit 2; }
for tool in node npm; do
  command -v "$tool" >/dev/null || {
    echo "audit.sh: $tool not found; install Node.js 18 or later with npm (Debian: apt-get install nodejs npm)" >&2
    exit 1
  }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/audit.mjs" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
node "$work/audit.mjs" "$1"
