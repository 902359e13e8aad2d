#!/usr/bin/env bash
# Vendors the playground's third-party browser files from npm, reproducibly: GraphiQL's UMD
# build (script and stylesheet, its fonts inlined) and the React 18 UMD builds it runs on.
# `npm ci` installs exactly what package-lock.json pins and checks every tarball against the
# lock's integrity hash; the files listed below are then copied into web/lib, and vendored.json
# records each with its package, version, the lock's integrity and the file's SHA-256.
# playground_test.go checks, without the network, that the committed files still match
# vendored.json and the lock; with ECOGRAPH_INTEGRATION=1 (make test) it also runs --check.
#
#   bash internal/playground/npm/vendor.sh           # vendor (after changing a version: edit
#                                                    #  package.json, then
#                                                    #  npm install --package-lock-only --ignore-scripts)
#   bash internal/playground/npm/vendor.sh --check   # exit 1 when a committed file differs from
#                                                    #  what the lock's packages contain
#
# Needs node and npm (Debian: apt-get install nodejs npm), only when vendoring or checking: the
# binary serves the embedded files and never runs Node.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
playground=$(dirname "$here")

# package  file in the package  destination (relative to internal/playground)
files=(
  "react umd/react.production.min.js web/lib/react.production.min.js"
  "react LICENSE web/lib/react.LICENSE.txt"
  "react-dom umd/react-dom.production.min.js web/lib/react-dom.production.min.js"
  "react-dom LICENSE web/lib/react-dom.LICENSE.txt"
  "graphiql graphiql.min.js web/lib/graphiql.min.js"
  "graphiql graphiql.min.css web/lib/graphiql.min.css"
  "graphiql LICENSE web/lib/graphiql.LICENSE.txt"
)

check=false
case ${1:-} in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "vendor.sh: $tool not found (Debian: apt-get install nodejs npm)" >&2; exit 1; }
done

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
    dst=$playground/$to
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
    echo "vendor.sh: vendored.json is stale; run bash internal/playground/npm/vendor.sh" >&2
    diff "$here/vendored.json" "$manifest" >&2 || true
    status=1
  fi
  ((status == 0)) && echo "vendor.sh: the vendored files match package-lock.json" >&2
  exit $status
fi
# Files vendored before and no longer listed would linger in the binary: say so.
for f in "$playground"/web/lib/*; do
  rel=${f#"$playground"/}
  grep -q "\"to\": \"$rel\"" "$manifest" || echo "vendor.sh: $rel is not vendored any more; delete it" >&2
done
cp "$manifest" "$here/vendored.json"
echo "vendor.sh: vendored ${#files[@]} files; see $here/vendored.json" >&2
