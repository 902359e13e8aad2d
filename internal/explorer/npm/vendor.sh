#!/usr/bin/env bash
# Vendors the Explorer's third-party browser files from npm, reproducibly. `npm ci` installs
# exactly what package-lock.json pins and checks every tarball against the lock's integrity
# hash; the files listed below are then copied into the tree, and vendored.json records each
# with its package, version, the lock's integrity and the file's SHA-256. explorer_test.go
# checks, without the network, that the committed files still match vendored.json and the lock.
#
#   bash internal/explorer/npm/vendor.sh           # vendor (after changing a version:
#                                                  #  edit package.json, then
#                                                  #  npm install --package-lock-only --ignore-scripts)
#   bash internal/explorer/npm/vendor.sh --check   # exit 1 when a committed file differs from
#                                                  #  what the lock's packages contain
#
# Needs node and npm (Debian: apt-get install nodejs npm), only when vendoring or checking:
# the binary and the Go tests never run Node.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
explorer=$(dirname "$here")

# package  file in the package  destination (relative to internal/explorer)
files=(
  "cytoscape dist/cytoscape.esm.min.mjs web/lib/cytoscape.esm.min.mjs"
  "cytoscape LICENSE web/lib/cytoscape.LICENSE.txt"
  "axe-core axe.min.js testdata/axe.min.js"
  "axe-core LICENSE testdata/axe.LICENSE.txt"
)

check=false
case ${1:-} in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)

status=0
manifest=$work/vendored.json
{
  echo '['
  n=0
  for f in "${files[@]}"; do
    read -r pkg from to <<<"$f"
    src=$work/node_modules/$pkg/$from
    dst=$explorer/$to
    [[ -f $src ]] || { echo "vendor.sh: $pkg has no $from" >&2; exit 1; }
    if $check; then
      if ! cmp -s "$src" "$dst"; then
        echo "vendor.sh: $to differs from $pkg's $from at the locked version" >&2
        status=1
      fi
    else
      mkdir -p "$(dirname "$dst")"
      cp "$src" "$dst"
    fi
    PKG=$pkg FROM=$from TO=$to SHA=$(sha256sum "$src" | cut -d' ' -f1) LOCK=$here/package-lock.json \
      node -e '
        const lock = require(process.env.LOCK).packages["node_modules/" + process.env.PKG];
        process.stdout.write(JSON.stringify({package: process.env.PKG, version: lock.version,
          integrity: lock.integrity, file: process.env.FROM, to: process.env.TO,
          sha256: process.env.SHA}, null, 2).replace(/^/gm, "  "));'
    n=$((n + 1))
    if ((n < ${#files[@]})); then echo ','; else echo; fi
  done
  echo ']'
} >"$manifest"

if $check; then
  if ! cmp -s "$manifest" "$here/vendored.json"; then
    echo "vendor.sh: vendored.json is stale; run bash internal/explorer/npm/vendor.sh" >&2
    diff "$here/vendored.json" "$manifest" >&2 || true
    status=1
  fi
  ((status == 0)) && echo "vendor.sh: the vendored files match package-lock.json" >&2
  exit $status
fi
cp "$manifest" "$here/vendored.json"
echo "vendor.sh: vendored ${#files[@]} files; see $here/vendored.json" >&2
