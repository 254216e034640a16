#!/usr/bin/env bash
# Shared by run-simulation.sh and overhead-benchmark.sh (sourced, not run): builds what a load
# test needs and starts, on free ports of 127.0.0.1 so it never collides with a local run on the
# fixed ports (8080, 15432, 16379, 18000, 18001):
#   - emulators (the shaded emulator jar),
#   - PostgreSQL and Redis from Maven packages (ai.factory.gatling.StackMain),
#   - the gateway jar against them (DATASOURCES_DEFAULT_URL, REDIS_URI, MICRONAUT_CONFIG_FILES),
# and stops everything it started, by pid, when the calling script exits.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EMULATOR_JAR="$ROOT/load-tests/emulator/target/emulator-0.1.0-SNAPSHOT-all.jar"
GATEWAY_JAR="$ROOT/gateway/target/gateway.jar"
GATLING_DIR="$ROOT/load-tests/gatling"
STACK_PIDS=()

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

stack_stop_all() {
  trap '' INT TERM # finish the clean-up even when interrupted again
  local pid
  for pid in "${STACK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STACK_PIDS[@]}"; do
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STACK_PIDS=()
}

# A port nobody listens on, from a random start in 20000-39999.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && ! grep -q ":$port\b" <<<"${USED_PORTS:-}"; then
      USED_PORTS="${USED_PORTS:-} :$port"
      echo "$port"
      return
    fi
  done
  echo "no free port found" >&2
  return 1
}

# Builds the gateway, the emulator and the load-test module (skip with SKIP_BUILD=1), and writes
# the class path of the load-test module's tools (StackMain, TtftProbe) to $GATLING_CP.
stack_build() {
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building gateway, emulator and load-tests/gatling (mvn -DskipTests package; SKIP_BUILD=1 skips)"
    (cd "$ROOT" && mvn -B -q -DskipTests -pl gateway,load-tests/emulator,load-tests/gatling -am package) >&2
  fi
  [ -f "$GATEWAY_JAR" ] && [ -f "$EMULATOR_JAR" ] || { echo "missing $GATEWAY_JAR or $EMULATOR_JAR" >&2; return 1; }
  local cpfile="$GATLING_DIR/target/tools.classpath"
  if [ ! -s "$cpfile" ] || [ "$GATLING_DIR/pom.xml" -nt "$cpfile" ]; then
    (cd "$ROOT" && mvn -B -q -pl load-tests/gatling dependency:build-classpath -DincludeScope=runtime \
      -Dmdep.outputFile="$cpfile") >&2
  fi
  [ -d "$GATLING_DIR/target/classes" ] || (cd "$ROOT" && mvn -B -q -pl load-tests/gatling compile) >&2
  GATLING_CP="$GATLING_DIR/target/classes:$(cat "$cpfile")"
}

wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1")" = 200 ] && return 0
    sleep 0.2
  done
  echo "no answer from $1 within $2 s" >&2
  return 1
}

# start_emulator PORT PROFILE [flags...]
start_emulator() {
  local port=$1 profile=$2
  shift 2
  java ${EMULATOR_JAVA_OPTS:--Xmx1g} -jar "$EMULATOR_JAR" --port "$port" --profile "$profile" "$@" \
    >"$RUN_DIR/emulator-$port.log" 2>&1 &
  STACK_PIDS+=($!)
  wait_http "http://127.0.0.1:$port/health" 60
  log "emulator ($profile $*) on 127.0.0.1:$port, pid ${STACK_PIDS[-1]}"
}

# start_backing: PostgreSQL and Redis on free ports; sets POSTGRES_PORT, REDIS_PORT.
start_backing() {
  POSTGRES_PORT=$(free_port)
  REDIS_PORT=$(free_port)
  java -Xmx256m -cp "$GATLING_CP" ai.factory.gatling.StackMain --postgres-port "$POSTGRES_PORT" \
    --redis-port "$REDIS_PORT" --data-dir "$RUN_DIR/stack" >"$RUN_DIR/stack.log" 2>&1 &
  STACK_PIDS+=($!)
  local deadline=$((SECONDS + 120))
  until grep -q "STACK READY" "$RUN_DIR/stack.log"; do
    kill -0 "${STACK_PIDS[-1]}" 2>/dev/null && [ $SECONDS -lt $deadline ] || {
      echo "PostgreSQL/Redis did not start; see $RUN_DIR/stack.log" >&2; return 1; }
    sleep 0.2
  done
  log "PostgreSQL on $POSTGRES_PORT, Redis on $REDIS_PORT, pid ${STACK_PIDS[-1]}"
}

# write_pools FILE MAX_CONCURRENT PORT...: one pool "bench" over the emulators, three aliases.
write_pools() {
  local file=$1 cap=$2
  shift 2
  {
    echo "gateway:"
    echo "  usage:"
    echo "    spool-dir: $RUN_DIR/spool"
    echo "  pools:"
    echo "    bench:"
    echo "      protocol: openai"
    echo "      endpoints:"
    for port in "$@"; do
      echo "        - url: http://127.0.0.1:$port"
      echo "          max-concurrent: $cap"
    done
    echo "  models:"
    for alias in "chat-default emulator/llama-3.1-8b-instruct" "chat-large emulator/llama-3.1-70b-instruct" \
        "embed-default emulator/bge-small-en"; do
      set -- $alias
      echo "    $1:"
      echo "      targets:"
      echo "        - pool: bench"
      echo "          model: $2"
    done
  } >"$file"
}

# start_gateway POOLS_FILE: the gateway jar on a free port with $GATEWAY_JAVA_OPTS (and Redis database
# $GATEWAY_REDIS_DB when set); sets GATEWAY_PORT, GW, ADMIN_TOKEN.
start_gateway() {
  GATEWAY_PORT=$(free_port)
  ADMIN_TOKEN="gw-admin-loadtest-$RANDOM$RANDOM"
  # -u: the script's own GATEWAY_JAR and GATEWAY_REDIS_DB (set as prefixes of this call by some
  # callers) are no settings of the gateway, which refuses unknown GATEWAY_* variables at start.
  (cd "$RUN_DIR" && exec env -u GATEWAY_JAR -u GATEWAY_REDIS_DB GATEWAY_PORT="$GATEWAY_PORT" GATEWAY_DATA_DIR="$RUN_DIR/gateway-data" \
    DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/postgres" \
    DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD= \
    REDIS_URI="redis://127.0.0.1:$REDIS_PORT${GATEWAY_REDIS_DB:+/$GATEWAY_REDIS_DB}" GATEWAY_ADMIN_TOKEN="$ADMIN_TOKEN" MICRONAUT_CONFIG_FILES="$1" \
    java ${GATEWAY_JAVA_OPTS:-} -jar "$GATEWAY_JAR" >"$RUN_DIR/gateway.log" 2>&1) &
  STACK_PIDS+=($!)
  GATEWAY_PID=${STACK_PIDS[-1]}
  GW="http://127.0.0.1:$GATEWAY_PORT"
  wait_http "$GW/health" 180 || { tail -30 "$RUN_DIR/gateway.log" >&2; return 1; }
  log "gateway on $GW, pid $GATEWAY_PID ($GATEWAY_JAVA_OPTS)"
}

admin() { # METHOD PATH JSON
  curl -sS --fail-with-body --max-time 30 -X "$1" "$GW/admin$2" -H "authorization: Bearer $ADMIN_TOKEN" \
    -H 'content-type: application/json' -d "$3"
}

# new_tenant ID TIER [POLICY_JSON]: prints the new tenant's API key.
new_tenant() {
  admin POST /tenants "{\"id\":\"$1\",\"name\":\"$1 (load test)\",\"tier\":\"$2\"}" >/dev/null
  if [ -n "${3:-}" ]; then
    admin PUT "/tenants/$1/policy" "$3" >/dev/null
  fi
  admin POST "/tenants/$1/keys" '{"name":"load-test"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p'
}

heap_used_kb() { # PID: live heap after a full GC, in KiB
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | sed -n 's/.*total [0-9]*K, used \([0-9]*\)K.*/\1/p' | head -1
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
