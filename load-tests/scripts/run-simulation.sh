#!/usr/bin/env bash
# Runs one Gatling simulation against a gateway it starts itself, then stops everything it started.
# Usage (from anywhere; traffic goes only to 127.0.0.1):
#   load-tests/scripts/run-simulation.sh mixed     # three tiers, mixed operations, streams, cache hits
#   load-tests/scripts/run-simulation.sh spike     # one tenant far past its limits, two calm ones
#   load-tests/scripts/run-simulation.sh streams   # 1,000 long open streams; gateway heap per stream
# Environment: SKIP_BUILD=1 (use the jars already built), STREAMS=1000, STREAM_TOKENS=1600,
#   SIM_SECONDS=60, GATEWAY_JAVA_OPTS (default -Xms1g -Xmx2g -XX:+UseG1GC), RUN_DIR.
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
export GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms1g -Xmx2g -XX:+UseG1GC}"
log "run directory (logs, data): $RUN_DIR"

stack_build
streams="${STREAMS:-1000}"
tokens="${STREAM_TOKENS:-1600}"
e1=$(free_port)
e2=$(free_port)
if [ "$sim" = streams ]; then
  # 25 ms per token: 1,600 tokens keep a stream open 40 s. Enough slots that none waits.
  start_emulator "$e1" realistic --slots 4096 --max-queue 8192
  start_emulator "$e2" realistic --slots 4096 --max-queue 8192
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
  base_heap=$(heap_used_kb "$GATEWAY_PID")
  base_rss=$(rss_kb "$GATEWAY_PID")
  log "gateway idle: live heap ${base_heap} KiB, RSS ${base_rss} KiB"
  (
    running() { # open streams on both emulators
      for p in "$e1" "$e2"; do curl -s "http://127.0.0.1:$p/metrics" | awk '/^vllm:num_requests_running/ {print $2}'; done \
        | awk '{s += $1} END {printf "%d", s}'
    }
    deadline=$((SECONDS + 240))
    while [ "$(running)" -lt $((streams * 98 / 100)) ] && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    open=$(running)
    heap=$(heap_used_kb "$GATEWAY_PID")
    rss=$(rss_kb "$GATEWAY_PID")
    open_after=$(running)
    per_k=$(( (heap - base_heap) * 1000 / (open > 0 ? open : 1) ))
    {
      echo "STREAMS RESULT open=$open..$open_after live_heap_kib=$heap (idle $base_heap) rss_kib=$rss (idle $base_rss)"
      echo "STREAMS RESULT heap per 1000 open streams: $((per_k / 1024)) MiB ($per_k KiB); RSS per 1000: $(( (rss - base_rss) * 1000 / (open > 0 ? open : 1) / 1024 )) MiB"
    } | tee "$RUN_DIR/streams-memory.txt" >&2
  ) &
  sampler_pid=$!
fi

log "running $class (report under load-tests/gatling/target/gatling/)"
set +e
(cd "$ROOT" && GATLING_TARGET="$target" timeout 900 mvn -B -q -pl load-tests/gatling gatling:test \
  -Dgatling.simulationClass="ai.factory.gatling.$class" -Dgatling.target="$target") 2>&1 | tee "$RUN_DIR/gatling.out"
status=${PIPESTATUS[0]}
set -e
[ -n "$sampler_pid" ] && wait "$sampler_pid" 2>/dev/null || true
[ -f "$RUN_DIR/streams-memory.txt" ] && cat "$RUN_DIR/streams-memory.txt"
grep -E "RESULT" "$RUN_DIR/gatling.out" || true
if [ "$status" = 0 ]; then log "$sim: assertions held"; else log "$sim: FAILED (exit $status); logs in $RUN_DIR"; fi
exit "$status"
