#!/usr/bin/env bash
# Time from process start to the first served chat completion, in production mode (external
# PostgreSQL and Redis, pools from a configuration file), median of N starts per variant, all
# variants in one run, side by side:
#   today        gateway.jar (the local-run jar) started as production
#   production   gateway/target/production/gateway-production.jar, as the image starts it
#   +no-migrate  the same with GATEWAY_MIGRATE_ON_START=false (migrations ran once, before)
#   +aot         the same with a JDK 25 AOT cache (-XX:AOTCache) from a training run
#                (-XX:AOTCacheOutput) that served requests, as the image build does
# Usage (from the repository root): load-tests/scripts/start-time.sh [starts-per-variant]
# Environment: SKIP_BUILD=1, JAVA25 (default: the Temurin 25 under /usr/lib/jvm), RUN_DIR.
set -euo pipefail
STARTS="${1:-5}"
source "$(dirname "$0")/gateway-stack.sh"
source "$(dirname "$0")/aot-train.sh"
RUN_DIR="${RUN_DIR:-$(mktemp -d /tmp/gw-start.XXXXXX)}"
mkdir -p "$RUN_DIR"
trap stack_stop_all EXIT INT TERM
JAVA17="${JAVA17:-java}"
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}"
JAVA25="${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}"
PROD_JAR="$ROOT/gateway/target/gateway-production.jar"

stack_build
[ -f "$PROD_JAR" ] || { echo "missing $PROD_JAR (mvn -DskipTests package)" >&2; exit 1; }
log "run directory: $RUN_DIR; load: $(cut -d' ' -f1-3 /proc/loadavg)"
EMU_PORT=$(free_port)
start_emulator "$EMU_PORT" fast
start_backing
write_pools "$RUN_DIR/pools.yml" 64 "$EMU_PORT"

COMMON_ENV=(DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/postgres"
  DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD=
  REDIS_URI="redis://127.0.0.1:$REDIS_PORT" MICRONAUT_CONFIG_FILES="$RUN_DIR/pools.yml"
  GATEWAY_ADMIN_TOKEN=start-time-admin GATEWAY_DATA_DIR="$RUN_DIR/gateway-data")

# One gateway to migrate the database and make a tenant and key for every measured start.
start_gateway "$RUN_DIR/pools.yml"
KEY=$(admin POST /tenants '{"id":"start","name":"start time"}' >/dev/null; \
  admin POST /tenants/start/keys '{"name":"start"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[ -n "$KEY" ] || { echo "could not make a key" >&2; exit 1; }
kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true

# measure_once JAVA [env...] -- [java args...]: prints the ms from launch to the first 200,
# trying again on a fresh port when another process took the chosen one first.
measure_once() {
  local attempt result
  for attempt in 1 2 3; do
    if result=$(measure_attempt "$@"); then echo "$result"; return 0; fi
    grep -q 'Address already in use' "$RUN_DIR/measure.log" || return 1
    log "port taken by another process; starting again"
  done
  return 1
}

measure_attempt() {
  local java=$1; shift
  local envs=() args=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  args=("$@")
  local port; port=$(free_port)
  local start end code
  start=$(date +%s%N)
  env "${COMMON_ENV[@]}" "${envs[@]}" GATEWAY_PORT="$port" "$java" "${args[@]}" >"$RUN_DIR/measure.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/v1/chat/completions" \
      -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
      -d '{"model":"chat-default","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}' 2>/dev/null || true)
    if [ "$code" = 200 ]; then end=$(date +%s%N); break; fi
    kill -0 $pid 2>/dev/null || { echo "gateway exited; see $RUN_DIR/measure.log" >&2; return 1; }
    sleep 0.01
  done
  kill $pid; wait $pid 2>/dev/null || true
  [ -n "${end:-}" ] || { echo "no 200 within 60 s" >&2; return 1; }
  echo $(((end - start) / 1000000))
}

declare -A RESULTS
run_variant() { # NAME JAVA [env...] -- [args...]
  local name=$1; shift
  local times=()
  for i in $(seq 1 "$STARTS"); do times+=("$(measure_once "$@")"); done
  RESULTS[$name]="${times[*]}"
  log "$name: ${times[*]} ms"
}

AOT="$RUN_DIR/gateway.aot"

run_variant today "$JAVA17" -- -jar "$ROOT/gateway/target/gateway.jar"
run_variant production "$JAVA17" -- -jar "$PROD_JAR"
run_variant production+no-migrate "$JAVA17" GATEWAY_MIGRATE_ON_START=false -- -jar "$PROD_JAR"
run_variant jdk25+no-migrate "$JAVA25" GATEWAY_MIGRATE_ON_START=false -- -jar "$PROD_JAR"
aot_train "$JAVA25" "$PROD_JAR" "$AOT" "$RUN_DIR/pools.yml"
run_variant jdk25+no-migrate+aot "$JAVA25" GATEWAY_MIGRATE_ON_START=false -- -XX:AOTCache="$AOT" -jar "$PROD_JAR"

echo
echo "time from launch to the first served chat completion, ms ($STARTS starts each; load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-28s %8s %8s %8s   %s\n' variant median min max all
for name in today production production+no-migrate jdk25+no-migrate jdk25+no-migrate+aot; do
  read -r -a t <<<"${RESULTS[$name]}"
  sorted=($(printf '%s\n' "${t[@]}" | sort -n))
  printf '%-28s %8s %8s %8s   %s\n' "$name" "${sorted[$(( ${#sorted[@]} / 2 ))]}" "${sorted[0]}" "${sorted[-1]}" "${t[*]}"
done
