#!/usr/bin/env bash
# make bench-xl: the million-person figures of issue 12 (not in CI; docs/bulk-load.md).
#
#   1. `ecograph gen --people 1000000 --seed 5` into $XL_DIR (kept; reused when it is there);
#   2. bulk-load.sh into the EMPTY local database (XL_OVERWRITE=1 replaces one with data);
#   3. `ecograph serve` on $XL_ADDR: the projection load time (its log) and the API's RSS;
#   4. routes under load: `ecograph soak --mixed --writes 0` (trustedRoute, k=3 FEWEST_HOPS,
#      routesToDecisionMakers, person lookups, name search) at $XL_RATE ops/s for
#      $XL_DURATION, p50/p99 and RSS per $XL_EVERY.
# `ecograph bench` generates and imports its own data online (14+ minutes at this size), so the
# route load here is soak --mixed's, against the bulk-loaded graph.
#
# Environment: as neo4j.sh and bulk-load.sh; XL_DIR (default .local/xl1m), XL_PEOPLE (1000000),
# XL_SKIP_LOAD (set: serve and measure what the database holds), XL_ADDR (127.0.0.1:8091), XL_RATE (50), XL_DURATION (2m), XL_EVERY (30s).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${ECOGRAPH_BIN:-$repo/bin/ecograph}
export ECOGRAPH_BIN=$bin
export NEO4J_URI=${NEO4J_URI:-bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}}
dir=${XL_DIR:-$repo/.local/xl1m}
people=${XL_PEOPLE:-1000000}
addr=${XL_ADDR:-127.0.0.1:8091}
log() { printf 'bench-xl: %s\n' "$*" >&2; }

echo "# make bench-xl"
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1e6}' /proc/meminfo); Neo4j heap ${ECOGRAPH_NEO4J_HEAP:-4g}, page cache ${ECOGRAPH_NEO4J_PAGECACHE:-4g}; $(date -u +%FT%TZ)"
echo

if [[ -n ${XL_SKIP_LOAD:-} ]]; then
  echo "- gen and bulk load skipped (XL_SKIP_LOAD): serving what the database holds"
elif [[ ! -f $dir/ties.csv ]]; then
  t=$SECONDS
  "$bin" gen --people "$people" --seed 5 --out "$dir" >&2
  echo "- gen --people $people --seed 5: $((SECONDS - t)) s"
else
  echo "- gen: reused $dir"
fi

if [[ -z ${XL_SKIP_LOAD:-} ]]; then
  t=$SECONDS
  over=()
  [[ -n ${XL_OVERWRITE:-} ]] && over=(--overwrite)
  bash "$here/bulk-load.sh" --dir "$dir" "${over[@]}" 2>&1 | grep -E '^bulk-load: |^bulk-csv: |COMPLETED in|IMPORT DONE|Peak memory' | sed 's/^/    /'
  echo "- bulk load (convert, stop, neo4j-admin import, start, migrations): $((SECONDS - t)) s"
fi

srvlog=$(mktemp "${TMPDIR:-/tmp}/ecograph-xl-serve-XXXXXX.log")
t=$SECONDS
ECOGRAPH_RATE_POINTS_PER_SEC=10000000 ECOGRAPH_RATE_BURST=10000000 "$bin" serve --addr "$addr" >"$srvlog" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
until curl -fsS "http://$addr/readyz" >/dev/null 2>&1; do
  kill -0 "$pid" 2>/dev/null || { tail -20 "$srvlog" >&2; log "serve exited"; exit 1; }
  sleep 1
done
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status"; }
hwm() { awk '/VmHWM/ {printf "%.0f MB", $2/1024}' "/proc/$pid/status"; }
echo "- serve ready after $((SECONDS - t)) s; $(grep -m1 'route projection loaded' "$srvlog" | grep -oE 'people=[0-9]+ ties=[0-9]+ duration=[^ ]+')"
echo "- API RSS when ready: $(rss) (peak $(hwm))"
echo
"$bin" soak --mixed --url "http://$addr" --dir "$dir" --writes 0 --rate "${XL_RATE:-50}" \
  --duration "${XL_DURATION:-2m}" --report-every "${XL_EVERY:-30s}" || log "the route load reported errors"
echo
echo "- API RSS after the route load: $(rss) (peak $(hwm))"
