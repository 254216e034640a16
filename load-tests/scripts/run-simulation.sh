#!/usr/bin/env bash
# Runs one Gatling simulation against a gateway it starts itself, then stops everything it started.
# Usage (from anywhere; traffic goes only to 127.0.0.1):
#   load-tests/scripts/run-simulation.sh mixed     # three tiers, mixed operations, streams, cache hits
#   load-tests/scripts/run-simulation.sh spike     # one tenant far past its limits, two calm ones
#   load-tests/scripts/run-simulation.sh streams   # 1,000 long open streams; gateway heap per stream
# Environment: SKIP_BUILD=1 (use the jars already built), STREAMS=1000, STREAM_TOKENS=800,
#   STREAM_ITL_MS (the emulators' inter-token latency; default the realistic profile's 25 ms),
#   SIM_SECONDS=60, GATEWAY_JAVA_OPTS (default as in overhead-benchmark.sh, with -Xmx2g), RUN_DIR.
# Reports: load-tests/gatling/target/gatling/<simulation>-<timestamp>/index.html. Exit code 0 only
# when the simulation's assertions held.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/gateway-stack.sh"

sim="${1:-}"
case "$sim" in
  mixed) class=MixedTrafficSimulation ;;
  spike) class=SpikeSimulation ;;
  streams) class=LongStreamsSimulation ;;
  *) echo "usage: $0 mixed|spike|streams" >&2; exit 2 ;;
esac

RUN_DIR="${RUN_DIR:-$(mktemp -d "/tmp/gw-sim-$sim.XXXXXX")}"
mkdir -p "$RUN_DIR"
trap stack_stop_all EXIT
trap 'exit 130' INT TERM
export GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseG1GC -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}"
log "run directory (logs, data): $RUN_DIR"

stack_build
streams="${STREAMS:-1000}"
tokens="${STREAM_TOKENS:-800}"
e1=$(free_port)
e2=$(free_port)
if [ "$sim" = streams ]; then
  # 25 ms per token: 800 tokens keep a stream open 20 s at least. Enough slots that none waits.
  itl=(); [ -n "${STREAM_ITL_MS:-}" ] && itl=(--itl-ms "$STREAM_ITL_MS")
  start_emulator "$e1" realistic --slots 4096 --max-queue 8192 "${itl[@]}"
  start_emulator "$e2" realistic --slots 4096 --max-queue 8192 "${itl[@]}"
  write_pools "$RUN_DIR/pools.yml" 4096 "$e1" "$e2"
else
  start_emulator "$e1" default
  start_emulator "$e2" default
  write_pools "$RUN_DIR/pools.yml" 64 "$e1" "$e2"
fi
start_backing
start_gateway "$RUN_DIR/pools.yml"

target="$RUN_DIR/target.properties"
{
  echo "gateway.url=$GW"
  echo "mixed.seconds=${SIM_SECONDS:-60}"
  echo "spike.seconds=${SIM_SECONDS:-60}"
  echo "streams.count=$streams"
  echo "streams.tokens=$tokens"
  case "$sim" in
    mixed)
      echo "key.enterprise=$(new_tenant ent-co enterprise)"
      echo "key.standard=$(new_tenant std-co standard)"
      echo "key.free=$(new_tenant free-co free)"
      ;;
    spike)
      echo "key.calm-standard=$(new_tenant calm-std standard)"
      echo "key.calm-enterprise=$(new_tenant calm-ent enterprise)"
      # The spiking tenant: standard tier narrowed to 60 requests a minute.
      echo "key.spiky=$(new_tenant spiky standard '{"rpm":60,"tpm":60000}')"
      ;;
    streams)
      echo "key.streamer=$(new_tenant streamer enterprise '{"rpm":100000,"tpm":1000000000,"concurrency":100000}')"
      ;;
  esac
} >"$target"
grep -q '^key\..*=.\+' "$target" || { echo "could not create tenants; see $RUN_DIR/gateway.log" >&2; exit 1; }

sampler_pid=
if [ "$sim" = streams ]; then
  # A few streams first, so the idle figure includes what the first requests load and cache.
  skey=$(sed -n 's/^key.streamer=//p' "$target")
  warm=()
  for i in $(seq 1 20); do
    curl -s -o /dev/null --max-time 30 "$GW/v1/chat/completions" -H "authorization: Bearer $skey" \
      -H 'content-type: application/json' \
      -d '{"model":"chat-default","stream":true,"max_tokens":4,"messages":[{"role":"user","content":"warm '$i'"}]}' &
    warm+=($!)
  done
  wait "${warm[@]}"
  base_heap=$(heap_used_kb "$GATEWAY_PID")
  base_rss=$(rss_kb "$GATEWAY_PID")
  jcmd "$GATEWAY_PID" GC.class_histogram >"$RUN_DIR/histogram-idle.txt"
  log "gateway idle: live heap ${base_heap} KiB, RSS ${base_rss} KiB"
  (
    running() { # open client connections to the gateway: one per open stream (Gatling opens one per request in flight)
      ss -Htn state established "( sport = :$GATEWAY_PORT )" | wc -l
    }
    deadline=$((SECONDS + 240))
    while [ "$(running)" -lt $((streams * 98 / 100)) ] && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    open=$(running)
    heap=$(heap_used_kb "$GATEWAY_PID")
    rss=$(rss_kb "$GATEWAY_PID")
    jcmd "$GATEWAY_PID" GC.class_histogram >"$RUN_DIR/histogram-open.txt"
    open_after=$(running)
    if [ "$open" -lt $((streams * 9 / 10)) ]; then
      echo "STREAMS RESULT only $open of $streams streams were open at once: no per-stream figure" | tee "$RUN_DIR/streams-memory.txt" >&2
      exit 0
    fi
    per_k=$(( (heap - base_heap) * 1000 / open ))
    rss_k=$(( (rss - base_rss) * 1000 / open ))
    {
      echo "STREAMS RESULT open streams $open (then $open_after): live heap after full GC $((heap / 1024)) MiB (idle $((base_heap / 1024)) MiB); RSS $((rss / 1024)) MiB (idle $((base_rss / 1024)) MiB)"
      echo "STREAMS RESULT per 1000 open streams: heap $((per_k / 1024)) MiB, RSS $((rss_k / 1024)) MiB"
    } | tee "$RUN_DIR/streams-memory.txt" >&2
  ) &
  sampler_pid=$!
fi

log "running $class (report under load-tests/gatling/target/gatling/)"
set +e
(cd "$ROOT" && GATLING_TARGET="$target" timeout 900 mvn -B -q -pl load-tests/gatling test-compile gatling:test \
  -Dgatling.simulationClass="ai.factory.gatling.$class" -Dgatling.target="$target") 2>&1 | tee "$RUN_DIR/gatling.out"
status=${PIPESTATUS[0]}
set -e
[ -n "$sampler_pid" ] && wait "$sampler_pid" 2>/dev/null || true
if [ -f "$RUN_DIR/streams-memory.txt" ]; then
  report=$( (ls -td "$GATLING_DIR"/target/gatling/longstreamssimulation-* 2>/dev/null || true) | sed -n 1p)
  results="$ROOT/load-tests/results/streams-memory-$(date +%F-%H%M).md"
  {
    echo "# Gateway memory with $streams open streams, $(date '+%F %H:%M %Z')"
    echo
    echo "Command: \`STREAMS=$streams STREAM_TOKENS=$tokens${STREAM_ITL_MS:+ STREAM_ITL_MS=$STREAM_ITL_MS} load-tests/scripts/run-simulation.sh streams\`. Machine: $(nproc) cores,"
    echo "$(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end. Gateway JVM: \`$GATEWAY_JAVA_OPTS\`;"
    echo "two emulators, \`--profile realistic --slots 4096\` (${STREAM_ITL_MS:-25} ms per token). Heap: live heap after a full GC"
    echo "(\`jcmd GC.run\`, then \`GC.heap_info\`) while the streams were open, against the same after 20 warm-up streams."
    echo "Open streams: established client connections to the gateway's port."
    echo
    sed 's/^STREAMS RESULT /- /' "$RUN_DIR/streams-memory.txt"
    echo
    echo "Gatling (\`$(basename "${report:-?}")\`): $(grep -E '^> (request count|min response|mean response|max response)' "$RUN_DIR/gatling.out" | tail -4 \
      | awk -F'|' '{gsub(/^> /, "", $1); gsub(/ +$/, "", $1); gsub(/ /, "", $2); printf "%s %s; ", $1, $2}')"
    echo "Assertions: $([ "$status" = 0 ] && echo held || echo FAILED)."
    if [ -s "$RUN_DIR/histogram-open.txt" ]; then
      open=$(sed -n 's/.*open streams \([0-9]*\) .*/\1/p' "$RUN_DIR/streams-memory.txt" | head -1)
      echo
      ti=$(awk '/^Total/ {print $3}' "$RUN_DIR/histogram-idle.txt"); to=$(awk '/^Total/ {print $3}' "$RUN_DIR/histogram-open.txt")
      echo "Live objects (\`jcmd GC.class_histogram\`, exact, unlike G1's region-rounded \"used\"): $((ti / 1048576)) MiB idle,"
      echo "$((to / 1048576)) MiB with the streams open: **$(( (to - ti) * 1000 / ${open:-$streams} / 1048576 )) MiB per 1000 open streams**."
      echo
      echo "Classes that grew most between idle and open, per open stream:"
      echo
      echo "| class | bytes per open stream | instances per open stream |"
      echo "|---|---|---|"
      awk -v n="${open:-$streams}" '
        $1 ~ /^[0-9]+:$/ { if (FILENAME == ARGV[1]) { bi[$4] = $3; ci[$4] = $2 } else { bo[$4] = $3; co[$4] = $2 } }
        END { for (c in bo) { d = bo[c] - bi[c]; if (d > 0) printf "%d\t%s\t%.1f\n", d, c, (co[c] - ci[c]) / n } }' \
        "$RUN_DIR/histogram-idle.txt" "$RUN_DIR/histogram-open.txt" | sort -nr | sed -n 1,12p \
        | awk -F'\t' -v n="${open:-$streams}" '{ printf "| `%s` | %.0f | %s |\n", $2, $1 / n, $3 }'
    fi
  } >"$results"
  cat "$results"
fi
grep -E "RESULT" "$RUN_DIR/gatling.out" || true
if [ "$status" = 0 ]; then log "$sim: assertions held"; else log "$sim: FAILED (exit $status); logs in $RUN_DIR"; fi
exit "$status"
