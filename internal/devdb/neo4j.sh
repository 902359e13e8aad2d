#!/usr/bin/env bash
# Runs a real Neo4j Community 5.26 server for local development and CI, without Docker:
# the server's jars come from Maven Central (internal/devdb/pom.xml, assembled once with mvn
# into <home>/lib, APOC Core into <home>/plugins) and the server is started with
# `java -cp ... org.neo4j.server.CommunityEntryPoint`, detached from the calling shell.
#
#   bash internal/devdb/neo4j.sh start    # idempotent; returns once Bolt and HTTP answer
#   bash internal/devdb/neo4j.sh stop     # graceful (SIGTERM, then SIGKILL after 60 s)
#   bash internal/devdb/neo4j.sh status   # exit 0 when running, 3 when not
#   bash internal/devdb/neo4j.sh admin ARGS...  # neo4j-admin ARGS on this home (server stopped),
#                                         # e.g. `admin database import full ...` (bulk-load.sh)
#
# Environment (see internal/devdb/README.md):
#   ECOGRAPH_NEO4J_HOME       where jars, conf, data, logs live (default <repo>/.local/neo4j)
#   NEO4J_PASSWORD            password of user neo4j (default ecograph-local, >= 8 chars);
#                             applied only when the data directory is created
#   NEO4J_USER                must be neo4j (the only user a fresh server has)
#   NEO4J_BOLT_PORT           Bolt port (default 7687)
#   NEO4J_HTTP_PORT           HTTP port, Browser and Query API (default 7474)
#   ECOGRAPH_NEO4J_HEAP       JVM heap, e.g. 4g (default 4g)
#   ECOGRAPH_NEO4J_PAGECACHE  page cache, e.g. 4g (default 4g)
#   ECOGRAPH_NEO4J_START_TIMEOUT  seconds to wait for the server (default 120)
#   ECOGRAPH_NEO4J_JAVA_OPTS  extra JVM options
#   ECOGRAPH_MVN_ARGS         extra Maven arguments (e.g. -Dmaven.repo.local=/path)
#   JAVA_HOME                 preferred JDK/JRE (Java 17 or 21)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
pom=$here/pom.xml

home=${ECOGRAPH_NEO4J_HOME:-$repo/.local/neo4j}
bolt_port=${NEO4J_BOLT_PORT:-7687}
http_port=${NEO4J_HTTP_PORT:-7474}
password=${NEO4J_PASSWORD:-ecograph-local}
neo4j_user=${NEO4J_USER:-neo4j}
heap=${ECOGRAPH_NEO4J_HEAP:-4g}
pagecache=${ECOGRAPH_NEO4J_PAGECACHE:-4g}
start_timeout=${ECOGRAPH_NEO4J_START_TIMEOUT:-120}
host=127.0.0.1
api_addr=${ECOGRAPH_ADDR:-127.0.0.1:8080}
api_port=${api_addr##*:} # where `make run` serves the API, for the Browser guide

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { printf 'neo4j.sh: error: %s\n' "$*" >&2; exit 1; }

# now: a monotonic-enough clock in milliseconds (bash 5's EPOCHREALTIME, else whole seconds).
now_ms() {
  if [[ -n ${EPOCHREALTIME:-} ]]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
  else
    echo $(($(date +%s) * 1000))
  fi
}
elapsed() { # start_ms -> "12.3s"
  local d=$(($(now_ms) - $1))
  printf '%d.%ds' $((d / 1000)) $((d % 1000 / 100))
}

# --- probes ---------------------------------------------------------------------------------

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() {
  timeout 3 bash -c "exec 3<>/dev/tcp/$host/$1" 2>/dev/null
}

# bolt_answers PORT: a Bolt server (Neo4j) answers the Bolt handshake on 127.0.0.1:PORT.
# It sends the magic 0x6060B017 and four version proposals (5.8 down to 5.0, 4.4, 4.3, 0) and
# expects a 4-byte version reply (00 00 minor major, or all zeros when no version matches).
bolt_answers() {
  local reply
  reply=$(timeout 3 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x00\x04\x04\x00\x00\x03\x04\x00\x00\x00\x00" >&3
    head -c 4 <&3 | od -An -tx1' "$host" "$1" 2>/dev/null) || return 1
  reply=${reply//[[:space:]]/}
  [[ ${#reply} -eq 8 && $reply == 0000* ]]
}

# http_get URL: prints the body (curl, else wget); fails on connection errors and non-2xx.
http_get() {
  if command -v curl >/dev/null; then
    curl -fsS --max-time 3 "$1" 2>/dev/null
  elif command -v wget >/dev/null; then
    wget -q -T 3 -O - "$1" 2>/dev/null
  else
    return 2
  fi
}

# discovery PORT: the HTTP discovery document of a Neo4j server (JSON with neo4j_version).
discovery() {
  local body
  body=$(http_get "http://$host:$1/") || return $?
  [[ $body == *'"neo4j_version"'* ]] || return 1
  printf '%s' "$body"
}

version_of() { # discovery JSON -> version string
  sed -n 's/.*"neo4j_version" *: *"\([^"]*\)".*/\1/p' <<<"$1"
}

# check_auth [ours]: warns when the server rejects NEO4J_USER/NEO4J_PASSWORD (curl only).
check_auth() {
  command -v curl >/dev/null || return 0
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -u "$neo4j_user:$password" \
    -H 'Content-Type: application/json' -d '{"statement":"RETURN 1"}' \
    "http://$host:$http_port/db/neo4j/query/v2" 2>/dev/null) || return 0
  case $code in
    2*) return 0 ;;
    401 | 403)
      log "WARNING: the server rejects user '$neo4j_user' with NEO4J_PASSWORD (HTTP $code)."
      if [[ ${1:-} == ours ]]; then
        log "  The password is set only when the data directory is created ($home/data)."
        log "  Use the password it was created with, or stop the server and delete $home/data"
        log "  (this deletes the local database) so that the next start sets NEO4J_PASSWORD."
      else
        log "  Set NEO4J_PASSWORD to the password of that server."
      fi
      ;;
    *) log "note: a test query over HTTP answered $code" ;;
  esac
}

# --- our process ----------------------------------------------------------------------------

run_dir=$home/run
pid_file=$run_dir/ecograph-neo4j.pid

# is_ours PID: PID is a live CommunityEntryPoint started with this home.
is_ours() {
  local args
  args=$(ps -p "$1" -o args= 2>/dev/null) || return 1
  [[ $args == *org.neo4j.server.CommunityEntryPoint* && " $args " == *" --home-dir=$home "* ]]
}

# our_pid: prints the pid of the server of this home, if one runs.
our_pid() {
  local pid
  if [[ -f $pid_file ]]; then
    pid=$(<"$pid_file")
    if [[ $pid =~ ^[0-9]+$ ]] && is_ours "$pid"; then
      echo "$pid"
      return 0
    fi
    rm -f "$pid_file"
  fi
  # The pid file may be gone (e.g. run/ deleted): look for the exact --home-dir argument.
  while read -r pid _; do
    if [[ -n $pid ]] && is_ours "$pid"; then
      mkdir -p "$run_dir" && echo "$pid" >"$pid_file"
      echo "$pid"
      return 0
    fi
  done < <(ps -eo pid=,args= 2>/dev/null | grep -F -- "--home-dir=$home" | grep -v grep || true)
  return 1
}

# conf_port KEY: the port a setting has in the generated conf (what the running server uses).
conf_port() {
  sed -n "s/^$1=.*:\([0-9][0-9]*\)\$/\1/p" "$home/conf/neo4j.conf" 2>/dev/null | tail -1
}

# --- prerequisites --------------------------------------------------------------------------

docker_hint() {
  command -v docker >/dev/null && timeout 5 docker info >/dev/null 2>&1 || return 0
  if timeout 5 docker compose version >/dev/null 2>&1; then
    log "  or, with the running Docker engine here: docker compose up -d neo4j"
  else
    log "  or, with the running Docker engine here: docker run -d --name ecograph-neo4j" \
      "-p 127.0.0.1:$bolt_port:7687 -p 127.0.0.1:$http_port:7474 -e NEO4J_AUTH=neo4j/<NEO4J_PASSWORD>" \
      "-e 'NEO4J_PLUGINS=[\"apoc\"]' neo4j:5.26-community"
  fi
}

java_major() { # JAVA -> major version (8 for 1.8)
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1)
  [[ $v == 1.* ]] && v=${v#1.}
  [[ $v =~ ^[0-9]+$ ]] && echo "$v"
}

# find_java: sets java to a Java >= 17: JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*.
find_java() {
  local c m seen=""
  local -a candidates=()
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null && candidates+=("$(command -v java)")
  for c in /usr/lib/jvm/*/bin/java /opt/*/bin/java /opt/java/*/bin/java; do
    [[ -x $c ]] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [[ -x $c ]] || continue
    m=$(java_major "$c") || continue
    seen+=" $c($m)"
    if ((m >= 17)); then
      java=$c
      ((m == 17 || m == 21)) || log "note: Neo4j 5.26 supports Java 17 and 21; using Java $m ($c)"
      return 0
    fi
  done
  log "Neo4j 5.26 needs Java 17 or 21; found:${seen:- no java}."
  log "  install it, e.g.: apt-get install openjdk-17-jre-headless   (or set JAVA_HOME)"
  docker_hint
  exit 1
}

need_mvn() {
  command -v mvn >/dev/null && return 0
  log "assembling the Neo4j server from Maven Central needs Maven (mvn), which is missing."
  log "  install it, e.g.: apt-get install maven"
  docker_hint
  exit 1
}

# --- assembly -------------------------------------------------------------------------------

# assemble: puts the server's jars into <home>/lib and APOC into <home>/plugins, unless the lib
# folder was already assembled from a pom.xml with the same content.
assemble() {
  local hash stamp=$home/lib/.ecograph-pom.sha256
  hash=$(sha256sum "$pom" | cut -c1-64)
  [[ -f $stamp && $(<"$stamp") == "$hash" ]] && return 0

  need_mvn
  local t0 tmp=$home/.assemble
  t0=$(now_ms)
  log "assembling Neo4j from Maven Central into $home/lib (once per pom.xml version) ..."
  rm -rf "$tmp"
  mkdir -p "$tmp"
  # shellcheck disable=SC2086 # ECOGRAPH_MVN_ARGS is a list of words on purpose
  if ! mvn -q -B -f "$pom" package -Dlib.dir="$tmp/lib" -Dplugins.dir="$tmp/plugins" \
    ${ECOGRAPH_MVN_ARGS:-} >"$tmp/mvn.log" 2>&1; then
    tail -n 40 "$tmp/mvn.log" >&2
    die "mvn failed (full log: $tmp/mvn.log)"
  fi
  ls "$tmp/lib"/neo4j-server-*.jar >/dev/null 2>&1 || die "mvn produced no neo4j-server jar in $tmp/lib"

  rm -rf "$home/lib"
  mv "$tmp/lib" "$home/lib"
  # Replace the plugin jars a previous assembly put there; leave any others alone.
  mkdir -p "$home/plugins"
  if [[ -f $home/plugins/.ecograph-assembled ]]; then
    while read -r f; do [[ -n $f ]] && rm -f "$home/plugins/$f"; done <"$home/plugins/.ecograph-assembled"
  fi
  : >"$home/plugins/.ecograph-assembled"
  if [[ -d $tmp/plugins ]]; then
    for f in "$tmp/plugins"/*.jar; do
      [[ -e $f ]] || continue
      mv "$f" "$home/plugins/"
      basename "$f" >>"$home/plugins/.ecograph-assembled"
    done
  fi
  rm -rf "$tmp"
  echo "$hash" >"$stamp"
  log "assembled $(find "$home/lib" -name '*.jar' | wc -l | tr -d ' ') jars in $(elapsed "$t0")"
}

# --- configuration --------------------------------------------------------------------------

write_conf() {
  mkdir -p "$home/conf" "$home/data" "$home/logs" "$home/plugins" "$run_dir" "$home/import"
  local apoc=""
  rm -f "$home/conf/apoc.conf"
  if compgen -G "$home/plugins/apoc-*.jar" >/dev/null; then
    apoc="dbms.security.procedures.unrestricted=apoc.*"
    # APOC triggers record every write's changed people in the change feed (docs/scaling.md);
    # APOC reads its settings from apoc.conf only, and re-reads installed triggers every second.
    printf '%s\n' "# Generated by internal/devdb/neo4j.sh on every start: do not edit." \
      "apoc.trigger.enabled=true" "apoc.trigger.refresh=1000" >"$home/conf/apoc.conf"
  fi
  cat >"$home/conf/neo4j.conf" <<EOF
# Generated by internal/devdb/neo4j.sh on every start from the environment: do not edit,
# change the script or the environment (NEO4J_BOLT_PORT, ECOGRAPH_NEO4J_HEAP, ...) instead.
server.directories.data=$home/data
server.directories.logs=$home/logs
server.directories.plugins=$home/plugins
server.directories.run=$run_dir
server.directories.import=$home/import
server.directories.lib=$home/lib

server.default_listen_address=$host
server.default_advertised_address=$host
server.bolt.enabled=true
server.bolt.listen_address=$host:$bolt_port
server.bolt.advertised_address=$host:$bolt_port
server.http.enabled=true
server.http.listen_address=$host:$http_port
server.http.advertised_address=$host:$http_port
server.https.enabled=false

dbms.security.auth_enabled=true
$apoc

server.memory.heap.initial_size=$heap
server.memory.heap.max_size=$heap
server.memory.pagecache.size=$pagecache

# Generous for integration tests and imports on a small machine.
db.transaction.timeout=120s
# A development database: keep transaction logs small.
db.tx_log.rotation.retention_policy=2 files
dbms.usage_report.enabled=false

# Neo4j Browser for analysts (docs/analysts.md): Browser may fetch Ecograph's guide and style
# from the API on this machine, and plays the guide once connected.
browser.remote_content_hostname_whitelist=guides.neo4j.com,localhost,127.0.0.1
browser.post_connect_cmd=play http://localhost:$api_port/analyst/guide.html
EOF
}

validate_env() {
  [[ $neo4j_user == neo4j ]] || die "NEO4J_USER must be 'neo4j' for the local server (got '$neo4j_user')"
  ((${#password} >= 8)) || die "NEO4J_PASSWORD must have at least 8 characters (Neo4j's minimum)"
  [[ $bolt_port =~ ^[0-9]+$ && $http_port =~ ^[0-9]+$ ]] || die "NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must be numbers"
  [[ $bolt_port != "$http_port" ]] || die "NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must differ"
  [[ $heap =~ ^[0-9]+[kKmMgG]?$ ]] || die "ECOGRAPH_NEO4J_HEAP must look like 4g or 512m (got '$heap')"
  [[ $pagecache =~ ^[0-9]+[kKmMgG]?$ ]] || die "ECOGRAPH_NEO4J_PAGECACHE must look like 4g or 512m (got '$pagecache')"
  [[ $start_timeout =~ ^[0-9]+$ ]] || die "ECOGRAPH_NEO4J_START_TIMEOUT must be a number of seconds"
}

# --- commands -------------------------------------------------------------------------------

ready_message() { # t0 discovery-json
  local v
  v=$(version_of "${2:-}")
  log "Neo4j ${v:-?} ready in $(elapsed "$1"): bolt://$host:$bolt_port (user neo4j)"
  log "  Browser: http://$host:$http_port/browser/"
}

# wait_ready T0 PID: until Bolt answers and HTTP serves the discovery JSON.
wait_ready() {
  local t0=$1 pid=$2 deadline d
  deadline=$(($(now_ms) + start_timeout * 1000))
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the server (pid $pid) exited during start-up; last lines of its logs:"
      tail_logs
      rm -f "$pid_file"
      exit 1
    fi
    if bolt_answers "$bolt_port" && d=$(discovery "$http_port"); then
      check_auth ours
      ready_message "$t0" "$d"
      return 0
    fi
    if (($(now_ms) > deadline)); then
      log "the server (pid $pid) did not answer on Bolt $bolt_port and HTTP $http_port within ${start_timeout}s; it keeps running (stop: $0 stop)."
      tail_logs
      exit 1
    fi
    sleep 0.5
  done
}

tail_logs() {
  local f
  for f in "$home/logs/console.log" "$home/logs/neo4j.log" "$home/logs/debug.log"; do
    [[ -s $f ]] || continue
    printf -- '--- %s (last 30 lines) ---\n' "$f" >&2
    tail -n 30 "$f" >&2
  done
}

cmd_start() {
  validate_env
  local t0 pid d
  t0=$(now_ms)

  # Reuse whatever Neo4j already answers on the Bolt port (this script's, a Docker one, ...).
  if bolt_answers "$bolt_port"; then
    if d=$(discovery "$http_port"); then
      log "Neo4j $(version_of "$d") is already running on bolt://$host:$bolt_port; reusing it ($(elapsed "$t0"))."
      log "  Browser: http://$host:$http_port/browser/"
      if [[ -d $home ]] && home=$(cd "$home" && pwd -P) && run_dir=$home/run && pid_file=$run_dir/ecograph-neo4j.pid && our_pid >/dev/null; then
        check_auth ours
      else
        check_auth
      fi
    else
      log "a Bolt server already answers on bolt://$host:$bolt_port; reusing it ($(elapsed "$t0"))."
      log "  (no Neo4j HTTP endpoint on port $http_port to tell more.)"
    fi
    return 0
  fi
  if port_open "$bolt_port"; then
    die "port $bolt_port is taken by something that does not speak Bolt; free it or set NEO4J_BOLT_PORT"
  fi

  mkdir -p "$home"
  home=$(cd "$home" && pwd -P) # absolute, so the generated paths and the pid matching agree
  run_dir=$home/run
  pid_file=$run_dir/ecograph-neo4j.pid

  # One start at a time per home (make -j, parallel CI steps).
  if command -v flock >/dev/null; then
    exec 9>"$home/.start.lock"
    flock 9
  fi

  # A server of this home is already starting (or runs on other ports): wait for it.
  if pid=$(our_pid); then
    local b h
    b=$(conf_port server.bolt.listen_address) h=$(conf_port server.http.listen_address)
    if [[ -n $b && ( $b != "$bolt_port" || $h != "$http_port" ) ]]; then
      die "the server of $home (pid $pid) runs on Bolt $b / HTTP $h, not $bolt_port / $http_port; use those ports or stop it first ($0 stop)"
    fi
    log "the server of $home (pid $pid) is starting; waiting for it ..."
    wait_ready "$t0" "$pid"
    return 0
  fi
  if port_open "$http_port"; then
    die "HTTP port $http_port is taken by another program; free it or set NEO4J_HTTP_PORT"
  fi

  find_java
  assemble
  write_conf

  export NEO4J_HOME=$home NEO4J_CONF=$home/conf
  if [[ ! -d $home/data/databases/system ]]; then
    log "new database in $home/data: setting the password of user neo4j from NEO4J_PASSWORD"
    "$java" -Xmx256m -XX:TieredStopAtLevel=1 -cp "$home/lib/*" org.neo4j.cli.AdminTool dbms set-initial-password "$password" \
      >"$home/logs/set-initial-password.log" 2>&1 || {
      cat "$home/logs/set-initial-password.log" >&2
      die "setting the initial password failed"
    }
  fi

  local -a jvm=(
    "-Xms$heap" "-Xmx$heap"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
    -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
    -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints
    -XX:+ExitOnOutOfMemoryError
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
    -Djdk.tls.ephemeralDHKeySize=2048 -Djdk.tls.rejectClientInitiatedRenegotiation=true
    -Dlog4j2.disable.jmx=true -Dlog4j.layout.jsonTemplate.maxStringLength=32768
    -Dfile.encoding=UTF-8
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  )
  # shellcheck disable=SC2206 # extra options are words on purpose
  [[ -n ${ECOGRAPH_NEO4J_JAVA_OPTS:-} ]] && jvm+=(${ECOGRAPH_NEO4J_JAVA_OPTS})

  # Detached: own session (setsid) where available, SIGHUP ignored, stdin from /dev/null,
  # output to logs/console.log and every other inherited descriptor closed (the start lock, a
  # CI runner's pipes), so the server outlives the calling shell (make neo4j; ...; make test)
  # and holds nothing of it. The child shell writes its own pid, then execs java, so the pid
  # file names the JVM itself.
  local -a detach=(nohup)
  command -v setsid >/dev/null && detach=(nohup setsid)
  {
    printf '\n=== %s start (bolt %s, http %s, heap %s, page cache %s) ===\n' \
      "$(date '+%Y-%m-%d %H:%M:%S')" "$bolt_port" "$http_port" "$heap" "$pagecache"
  } >>"$home/logs/console.log"
  rm -f "$pid_file"
  # shellcheck disable=SC2016 # $$ and $n belong to the child shell
  local launcher='
    if [[ -d /proc/$$/fd ]]; then
      for f in /proc/$$/fd/*; do
        n=${f##*/}
        if [[ $n =~ ^[0-9]+$ ]] && ((n > 2)); then { eval "exec $n>&-"; } 2>/dev/null || true; fi
      done
    fi
    echo $$ >"$0"
    exec "$@"'
  (
    cd "$home" || exit 1
    exec 9>&- </dev/null >>"$home/logs/console.log" 2>&1
    "${detach[@]}" bash -c "$launcher" "$pid_file" \
      "$java" "${jvm[@]}" -cp "$home/plugins/*:$home/lib/*" \
      org.neo4j.server.CommunityEntryPoint --home-dir="$home" --config-dir="$home/conf" &
  )

  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $pid_file ]] && break
    sleep 0.1
  done
  pid=$(cat "$pid_file" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || { tail_logs; die "the server did not start (no pid)"; }
  log "started Neo4j (pid $pid, home $home, java $java); waiting for Bolt on $bolt_port and HTTP on $http_port ..."
  wait_ready "$t0" "$pid"
}

cmd_stop() {
  local pid i t0
  t0=$(now_ms)
  [[ -d $home ]] && home=$(cd "$home" && pwd -P) && run_dir=$home/run && pid_file=$run_dir/ecograph-neo4j.pid
  if ! pid=$(our_pid); then
    if bolt_answers "$bolt_port"; then
      log "no server of this script runs for $home; the Bolt server on port $bolt_port is someone else's (left alone)."
    else
      log "no Neo4j running (home $home)."
    fi
    return 0
  fi
  log "stopping Neo4j (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 60 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pid_file"
  log "stopped in $(elapsed "$t0")."
}

cmd_status() {
  local pid d
  [[ -d $home ]] && home=$(cd "$home" && pwd -P) && run_dir=$home/run && pid_file=$run_dir/ecograph-neo4j.pid
  if pid=$(our_pid); then
    local b h
    b=$(conf_port server.bolt.listen_address) h=$(conf_port server.http.listen_address)
    b=${b:-$bolt_port} h=${h:-$http_port}
    if bolt_answers "$b" && d=$(discovery "$h"); then
      echo "running: Neo4j $(version_of "$d"), pid $pid, bolt://$host:$b, http://$host:$h/browser/, home $home"
    else
      echo "starting: pid $pid, bolt://$host:$b, home $home"
    fi
    return 0
  fi
  if bolt_answers "$bolt_port"; then
    if d=$(discovery "$http_port"); then
      echo "running: Neo4j $(version_of "$d") on bolt://$host:$bolt_port, not started by this script for $home"
    else
      echo "running: a Bolt server on bolt://$host:$bolt_port, not started by this script for $home"
    fi
    return 0
  fi
  echo "not running (home $home, bolt port $bolt_port)"
  return 3
}

# cmd_admin ARGS: neo4j-admin (org.neo4j.cli.AdminTool) with this home's conf and data, as
# the distribution's bin/neo4j-admin would run it. The offline importer needs the server
# stopped (it holds the store's lock).
cmd_admin() {
  find_java
  assemble
  [[ -f $home/conf/neo4j.conf ]] || write_conf
  export NEO4J_HOME=$home NEO4J_CONF=$home/conf
  exec "$java" "-Xmx${ECOGRAPH_NEO4J_ADMIN_HEAP:-$heap}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -cp "$home/lib/*" org.neo4j.cli.AdminTool "$@"
}

case ${1:-} in
  start) cmd_start ;;
  admin)
    shift
    cmd_admin "$@"
    ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *)
    echo "usage: $0 start|stop|status|admin ARGS..." >&2
    exit 2
    ;;
esac
