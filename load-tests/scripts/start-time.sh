#!/usr/bin/env bash
# Time from process start to the first served chat completion, in production mode (external
# PostgreSQL and Redis, pools from a configuration file), for several variants side by side in
# one run: the starts are interleaved (round 1 of every variant, then round 2, ...) so a change in
# the machine's load hits every variant alike. Prints median, min and max per variant, and the
# median CPU time the JVM used until then, all threads, the main thread alone (less disturbed
# by other work on a busy machine than the wall time) and the JIT compiler threads (C1, C2).
#
# Usage (from the repository root): load-tests/scripts/start-time.sh [[-n] STARTS] [VARIANT...]
# A variant is words joined by '+':
#   today    gateway.jar (the local-run jar) instead of the production jar
#   jar:PATH that jar instead of the production jar (one built from another commit, to measure
#            a code change side by side)
#   nomig    GATEWAY_MIGRATE_ON_START=false (migrations ran once, before, as the image's job does)
#   jdk25    the Temurin 25 JVM ($JAVA25) instead of the default java
#   aot      jdk25 with a JDK AOT cache (JEP 483/514/515) trained for this variant (same jar and
#            JVM options) by a run that served requests, as the image build does
#   opts     @gateway/src/image/jvm.options (the image's JVM settings)
#   options:PATH  with opts or image: that file instead of the image's jvm.options (for example
#            the previous commit's, to measure a settings change side by side)
#   serial   -XX:+UseSerialGC
#   c1       -XX:TieredStopAtLevel=1 (C1 only: the cold-start JIT an operator may choose through
#            JDK_JAVA_OPTIONS; it costs about three times the CPU per request once warm)
#   noperf   -XX:-UsePerfData (no hsperfdata file; jstat and jcmd's counters then see nothing)
#   xx:FLAG  -XX:FLAG, for a flag candidate without a word of its own (xx:TieredCompileTaskTimeout=10;
#            '+' joins words, so xx: takes only -Flag and Flag=value forms)
#   xxon:FLAG  -XX:+FLAG (diagnostic and experimental flags need xxon:UnlockDiagnosticVMOptions or
#            xxon:UnlockExperimentalVMOptions before them)
#   d:NAME=VALUE  -DNAME=VALUE (a system property: d:io.lettuce.core.jfr=true turns a lever off)
#   env:NAME=VALUE  that environment variable (env:DATASOURCES_DEFAULT_MINIMUM_IDLE=10)
#   profiles with aot: the cache keeps the training's method profiles too (JEP 515; the image's
#            cache does not: aot-train.sh says why)
#   train:N  with aot: the training run makes N rounds of requests instead of 20 (more methods
#            reach the profile the cache keeps, JEP 515)
#   image    jdk25+nomig+opts+aot and the image's JIT directives (gateway/src/image/jit-directives.json)
#            and -XX:-AOTAdapterCaching (as the Dockerfile's ENTRYPOINT):
#            the image's start
#   nodirectives  after image: without the JIT directives (the lever's share)
#   prod     nothing more: the production jar on the default java
# Default variants: today prod prod+nomig jdk25+nomig jdk25+nomig+aot image, each lever added
# in turn (about 5 minutes on a quiet box; -n 3 for about 3).
# Environment: SKIP_BUILD=1, JAVA25 (default: the Temurin 25 under /usr/lib/jvm), RUN_DIR.
set -euo pipefail
STARTS=5
if [ "${1:-}" = "-n" ]; then STARTS=$2; shift 2; elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then STARTS=$1; shift; fi
VARIANTS=("$@")
[ ${#VARIANTS[@]} -gt 0 ] || VARIANTS=(today prod prod+nomig jdk25+nomig jdk25+nomig+aot image)
source "$(dirname "$0")/gateway-stack.sh"
source "$(dirname "$0")/aot-train.sh"
RUN_DIR="${RUN_DIR:-$(mktemp -d /tmp/gw-start.XXXXXX)}"
mkdir -p "$RUN_DIR"
trap stack_stop_all EXIT INT TERM
JAVA17="${JAVA17:-java}"
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}"
JIT_DIRECTIVES=(-XX:+UnlockDiagnosticVMOptions "-XX:CompilerDirectivesFile=$ROOT/gateway/src/image/jit-directives.json" -XX:-AOTAdapterCaching)
JAVA25="${JAVA25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)/bin/java}"
PROD_JAR="$ROOT/gateway/target/gateway-production.jar"

# variant_setup NAME: sets V_JAVA, V_JAR, V_ENV (array), V_ARGS (array), V_AOT (0/1), V_TRAIN (rounds).
variant_setup() {
  V_JAVA=$JAVA17 V_JAR=$PROD_JAR V_AOT=0 V_TRAIN=20 V_PROFILES=0 V_ENV=() V_ARGS=()
  local word options="$ROOT/gateway/src/image/jvm.options"
  for word in ${1//+/ }; do [[ $word != options:* ]] || options=${word#options:}; done
  for word in ${1//+/ }; do
    case $word in
      prod) ;;
      today) V_JAR="$ROOT/gateway/target/gateway.jar" ;;
      jar:*) V_JAR=${word#jar:} ;;
      nomig) V_ENV+=(GATEWAY_MIGRATE_ON_START=false) ;;
      jdk25) V_JAVA=$JAVA25 ;;
      aot) V_JAVA=$JAVA25 V_AOT=1 ;;
      opts) V_ARGS+=("@$options") ;;
      options:*) ;;
      serial) V_ARGS+=(-XX:+UseSerialGC) ;;
      c1) V_ARGS+=(-XX:TieredStopAtLevel=1) ;;
      noperf) V_ARGS+=(-XX:-UsePerfData) ;;
      xx:*) V_ARGS+=("-XX:${word#xx:}") ;;
      xxon:*) V_ARGS+=("-XX:+${word#xxon:}") ;;
      env:*) V_ENV+=("${word#env:}") ;;
      d:*) V_ARGS+=("-D${word#d:}") ;;
      train:*) V_TRAIN=${word#train:} ;;
      profiles) V_PROFILES=1 ;;
      image) V_JAVA=$JAVA25 V_AOT=1; V_ENV+=(GATEWAY_MIGRATE_ON_START=false)
        V_ARGS+=("@$options" "${JIT_DIRECTIVES[@]}") ;;
      nodirectives) local kept=() arg
        for arg in "${V_ARGS[@]}"; do [[ $arg == -XX:CompilerDirectivesFile=* ]] || kept+=("$arg"); done
        V_ARGS=("${kept[@]}") ;;
      *) echo "unknown word '$word' in variant '$1'" >&2; exit 2 ;;
    esac
  done
}
for v in "${VARIANTS[@]}"; do variant_setup "$v"; [ -f "$V_JAR" ] || { echo "missing $V_JAR" >&2; exit 1; }; done

stack_build
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
GATEWAY_JAR="$PROD_JAR"
start_gateway "$RUN_DIR/pools.yml"
KEY=$(admin POST /tenants '{"id":"start","name":"start time"}' >/dev/null; \
  admin POST /tenants/start/keys '{"name":"start"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[ -n "$KEY" ] || { echo "could not make a key" >&2; exit 1; }
kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true

# Each aot variant gets a cache of its own, trained with its jar (at its own path: the cache
# checks the class path) and its JVM options.
declare -A AOT_FILE
for i in "${!VARIANTS[@]}"; do
  variant_setup "${VARIANTS[$i]}"
  [ "$V_AOT" = 1 ] || continue
  mkdir -p "$RUN_DIR/v$i"
  cp "$V_JAR" "$RUN_DIR/v$i/gateway.jar"
  GATEWAY_JAVA_OPTS="${V_ARGS[*]}" AOT_TRAIN_ROUNDS=$V_TRAIN AOT_PROFILES=$V_PROFILES aot_train "$V_JAVA" "$RUN_DIR/v$i/gateway.jar" "$RUN_DIR/v$i/gateway.aot" "$RUN_DIR/pools.yml"
  AOT_FILE[$i]="$RUN_DIR/v$i"
done

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
  local start end code cpu
  start=$(date +%s%N)
  env "${COMMON_ENV[@]}" "${envs[@]}" GATEWAY_PORT="$port" "$java" "${args[@]}" >"$RUN_DIR/measure.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 6000); do
    # A connect attempt costs no process; curl (a process, competing with the start for the two
    # cores) only once the port is open.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/v1/chat/completions" \
        -H "authorization: Bearer $KEY" -H 'content-type: application/json' \
        -d '{"model":"chat-default","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}' 2>/dev/null || true)
      if [ "$code" = 200 ]; then end=$(date +%s%N); cpu="$(cpu_ms $pid) $(main_cpu_ms $pid) $(jit_cpu_ms $pid)"; break; fi
    fi
    kill -0 $pid 2>/dev/null || { echo "gateway exited; see $RUN_DIR/measure.log" >&2; return 1; }
    sleep 0.01
  done
  kill $pid; wait $pid 2>/dev/null || true
  [ -n "${end:-}" ] || { echo "no 200 within 60 s" >&2; return 1; }
  echo "$(((end - start) / 1000000)) $cpu"
}

# cpu_ms PID: the CPU time (user + system) the process has used so far, in ms. On a busy machine
# it varies far less than the wall time, so it shows what a change saves in work.
cpu_ms() { stat_cpu_ms "/proc/$1/stat"; }

# main_cpu_ms PID: the same for the threads named java (the launcher's, which waits, and main,
# which starts the context): the start's critical path, which work moved to other threads leaves.
# jit_cpu_ms PID: the same for the JIT compiler threads (C1 and C2), which compete with main on 2 cores.
jit_cpu_ms() {
  local task total=0
  for task in /proc/"$1"/task/*; do
    [[ "$(cat "$task/comm" 2>/dev/null)" == C[12]\ CompilerThre* ]] || continue
    total=$((total + $(stat_cpu_ms "$task/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

main_cpu_ms() {
  local task total=0
  for task in /proc/"$1"/task/*; do
    [ "$(cat "$task/comm" 2>/dev/null)" = java ] || continue
    total=$((total + $(stat_cpu_ms "$task/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

stat_cpu_ms() {
  local stat
  stat=$(cat "$1") || return 1
  stat=${stat##*) }
  read -r -a f <<<"$stat"
  echo $(((f[11] + f[12]) * 1000 / $(getconf CLK_TCK)))
}

declare -A RESULTS CPU MAIN JIT
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$STARTS"); do
  for i in "${!VARIANTS[@]}"; do
    variant_setup "${VARIANTS[$i]}"
    jar=$V_JAR aot=()
    if [ "$V_AOT" = 1 ]; then jar="${AOT_FILE[$i]}/gateway.jar" aot=(-XX:AOTCache="${AOT_FILE[$i]}/gateway.aot"); fi
    read -r ms cpu main jit < <(measure_once "$V_JAVA" "${V_ENV[@]}" -- "${V_ARGS[@]}" "${aot[@]}" -jar "$jar")
    [ -n "${ms:-}" ] || exit 1
    RESULTS[$i]="${RESULTS[$i]:-} $ms"
    CPU[$i]="${CPU[$i]:-} $cpu"
    MAIN[$i]="${MAIN[$i]:-} $main"
    JIT[$i]="${JIT[$i]:-} $jit"
    log "round $round ${VARIANTS[$i]}: $ms ms, CPU $cpu ms, main thread $main ms, JIT $jit ms (load $(cut -d' ' -f1 /proc/loadavg))"
  done
done

echo
echo "time from launch to the first served chat completion, ms ($STARTS starts each, interleaved;"
echo "load before $LOAD_BEFORE, after $(cut -d' ' -f1-3 /proc/loadavg))"
w=28
for v in "${VARIANTS[@]}"; do [ ${#v} -lt $w ] || w=$((${#v} + 1)); done
printf "%-${w}s %8s %8s %8s %9s %9s %9s   %s\n" variant median min max 'CPU med' 'main med' 'JIT med' 'all (wall ms)'
for i in "${!VARIANTS[@]}"; do
  read -r -a t <<<"${RESULTS[$i]}"
  sorted=($(printf '%s\n' "${t[@]}" | sort -n))
  cpus=($(printf '%s\n' ${CPU[$i]} | sort -n))
  mains=($(printf '%s\n' ${MAIN[$i]} | sort -n))
  jits=($(printf '%s\n' ${JIT[$i]} | sort -n))
  printf "%-${w}s %8s %8s %8s %9s %9s %9s   %s\n" "${VARIANTS[$i]}" "${sorted[$(( ${#sorted[@]} / 2 ))]}" "${sorted[0]}" \
    "${sorted[-1]}" "${cpus[$(( ${#cpus[@]} / 2 ))]}" "${mains[$(( ${#mains[@]} / 2 ))]}" \
    "${jits[$(( ${#jits[@]} / 2 ))]}" "${t[*]}"
done
