#!/usr/bin/env bash
# Loads the contract's CSV files into the EMPTY database of the local dev Neo4j with Neo4j's
# offline importer (`neo4j-admin database import full`), much faster than `ecograph import`;
# the result is the graph `ecograph import` would have written (docs/bulk-load.md).
#
#   bash internal/devdb/bulk-load.sh --dir DIR [--overwrite] [--staging DIR]
#
# Steps: start the server if needed and check that its database holds no node (with
# --overwrite: stop the server instead, while converting); `ecograph bulk-csv` checks and
# converts the files; stop the server; run the
# importer into database neo4j; start the server; `ecograph bulk-finish` (the migrations:
# constraints and indexes; and empty roles lists, which neo4j-admin cannot write);
# `ecograph import` of survey.csv / interactions.csv when DIR has them (evidence is loaded
# online: it recomputes trust).
#
# Environment: as neo4j.sh (ECOGRAPH_NEO4J_HOME, NEO4J_BOLT_PORT, NEO4J_HTTP_PORT, heap, page
# cache, NEO4J_PASSWORD), NEO4J_URI (default bolt://127.0.0.1:$NEO4J_BOLT_PORT), ECOGRAPH_BIN
# (default bin/ecograph, built by make), ECOGRAPH_NEO4J_ADMIN_HEAP (the importer's heap,
# default the server's).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
neo4j=$here/neo4j.sh
bin=${ECOGRAPH_BIN:-$repo/bin/ecograph}
export NEO4J_URI=${NEO4J_URI:-bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}}

log() { printf 'bulk-load: %s\n' "$*" >&2; }
die() { printf 'bulk-load: error: %s\n' "$*" >&2; exit 1; }

dir= overwrite=false staging=
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --overwrite) overwrite=true; shift ;;
    --staging) staging=${2:?--staging needs a folder}; shift 2 ;;
    *) die "unknown argument $1 (usage: bulk-load.sh --dir DIR [--overwrite] [--staging DIR])" ;;
  esac
done
[[ -n $dir ]] || die "--dir is required"
[[ -d $dir ]] || die "--dir $dir is not a folder"
dir=$(cd "$dir" && pwd)
[[ -x $bin ]] || die "no ecograph binary at $bin (run make build, or set ECOGRAPH_BIN)"

keep=true
if [[ -z $staging ]]; then
  staging=$(mktemp -d "${TMPDIR:-/tmp}/ecograph-bulk-XXXXXX")
  keep=false
fi
mkdir -p "$staging"
cleanup() { [[ $keep == true ]] || rm -rf "$staging"; }
trap cleanup EXIT

t0=$SECONDS
phase() { # name start
  log "$1 took $((SECONDS - $2)) s"
}

t=$SECONDS
if [[ $overwrite == true ]]; then
  # No emptiness check, so no server is needed: stop it (if it runs) while the files are
  # converted, instead of starting it first and stopping it afterwards (half a minute each).
  bash "$neo4j" stop >"$staging/stop.log" 2>&1 &
  stopping=$!
  log "checking and converting $dir into $staging/out (stopping the server meanwhile) ..."
  "$bin" bulk-csv --dir "$dir" --out "$staging/out"
  phase "checking and converting" "$t"
  t=$SECONDS
  wait "$stopping" || { cat "$staging/stop.log" >&2; die "could not stop the server"; }
  cat "$staging/stop.log" >&2
else
  bash "$neo4j" start >&2
  log "checking and converting $dir into $staging/out ..."
  "$bin" bulk-csv --dir "$dir" --out "$staging/out" --require-empty
  phase "checking and converting" "$t"
  t=$SECONDS
  bash "$neo4j" stop >&2
fi
args=()
while read -r a; do
  case $a in
    --nodes=* | --relationships=*) args+=("${a%%=*}=$staging/out/${a#*=}") ;;
    ?*) args+=("$a") ;;
  esac
done <"$staging/out/import.args"
log "neo4j-admin database import full neo4j ${args[*]}"
# The database is replaced: the check above made sure it holds nothing, or --overwrite says it
# may go.
bash "$neo4j" admin database import full neo4j --overwrite-destination=true --bad-tolerance=0 \
  --skip-duplicate-nodes=false --skip-bad-relationships=false \
  --report-file="$staging/import.report" "${args[@]}" >&2 ||
  die "neo4j-admin import failed (report: $staging/import.report; the server is stopped)"
phase "neo4j-admin import (server stopped)" "$t"

t=$SECONDS
bash "$neo4j" start >&2
"$bin" bulk-finish >&2
phase "start, migrations and fix-ups" "$t"

evidence=()
for f in survey.csv interactions.csv; do
  [[ -f $dir/$f ]] && evidence+=("$f")
done
if [[ ${#evidence[@]} -gt 0 ]]; then
  t=$SECONDS
  mkdir -p "$staging/evidence"
  for f in "${evidence[@]}"; do ln -s "$dir/$f" "$staging/evidence/$f"; done
  log "importing the evidence (${evidence[*]}) online ..."
  "$bin" import --dir "$staging/evidence"
  phase "evidence import" "$t"
fi
log "done in $((SECONDS - t0)) s"
