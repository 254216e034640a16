#!/usr/bin/env bash
# Scales the production artifact 1 -> 3 -> 1 real processes under steady traffic and checks that
# nothing is lost or doubled: every request the clients sent got a response, none failed, and
# the ledger holds exactly one usage event per request. Instances leave as an orchestrator
# removes them: out of the client's rotation first, then SIGTERM (drain, settle, flush, leave
# the consumer group). Usage (from the repository root): load-tests/scripts/scale-test.sh [seconds-per-phase]
# Environment: SKIP_BUILD=1, RUN_DIR.
set -euo pipefail
PHASE="${1:-15}"
source "$(dirname "$0")/gateway-stack.sh"
RUN_DIR="${RUN_DIR:-$(mktemp -d /tmp/gw-scale.XXXXXX)}"
mkdir -p "$RUN_DIR"
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-}"
trap stack_stop_all EXIT INT TERM
stack_build
GATEWAY_JAR="$ROOT/gateway/target/gateway-production.jar"
log "run directory: $RUN_DIR; load: $(cut -d' ' -f1-3 /proc/loadavg)"
EMU_PORT=$(free_port)
start_emulator "$EMU_PORT" fast
start_backing
write_pools "$RUN_DIR/pools.yml" 64 "$EMU_PORT"

start_gateway "$RUN_DIR/pools.yml"
declare -A PIDS=([$GATEWAY_PORT]=$GATEWAY_PID)
# Enterprise tier: this test is about scaling, not limits. Two clients send about 20 requests/s,
# past the standard tier's 600 a minute, which refused a quarter of them once the gateway got faster.
KEY=$(admin POST /tenants '{"id":"scale","name":"scale test","tier":"enterprise"}' >/dev/null; \
  admin POST /tenants/scale/keys '{"name":"scale"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
echo "$GATEWAY_PORT" >"$RUN_DIR/rotation"

# Steady traffic: a client loop over the ports in the rotation file, one request at a time,
# alternating plain and streamed completions; one line per request: port status.
client() {
  local n=0 ports port body
  while [ ! -f "$RUN_DIR/stop-clients" ]; do
    mapfile -t ports <"$RUN_DIR/rotation"
    port=${ports[$((n % ${#ports[@]}))]}
    if [ $((n % 2)) = 0 ]; then
      body='{"model":"chat-default","max_tokens":8,"messages":[{"role":"user","content":"hi"}]}'
    else
      body='{"model":"chat-default","stream":true,"max_tokens":8,"messages":[{"role":"user","content":"hi"}]}'
    fi
    echo "$port $(curl -s -N -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$port/v1/chat/completions" \
      -H "authorization: Bearer $KEY" -H 'content-type: application/json' -d "$body" || true)" >>"$RUN_DIR/requests-$1"
    n=$((n + 1))
    sleep 0.05
  done
}
for c in 1 2; do client "$c" & CLIENTS+=($!); done

sleep "$PHASE"
log "scaling out to 3"
for _ in 1 2; do
  GATEWAY_PID_BEFORE=$GATEWAY_PID
  GATEWAY_MIGRATE_ON_START=false start_gateway "$RUN_DIR/pools.yml"
  PIDS[$GATEWAY_PORT]=$GATEWAY_PID
  echo "$GATEWAY_PORT" >>"$RUN_DIR/rotation"
done
sleep "$PHASE"
log "scaling in to 1"
FIRST=$(head -1 "$RUN_DIR/rotation")
for port in $(tail -n +2 "$RUN_DIR/rotation"); do
  grep -v "^$port\$" "$RUN_DIR/rotation" >"$RUN_DIR/rotation.new"; mv "$RUN_DIR/rotation.new" "$RUN_DIR/rotation"
  sleep 1 # the client's requests already sent there finish; new ones go elsewhere
  kill -TERM "${PIDS[$port]}"
done
sleep "$PHASE"
touch "$RUN_DIR/stop-clients"
wait "${CLIENTS[@]}"
for port in "${!PIDS[@]}"; do
  [ "$port" = "$FIRST" ] || { wait "${PIDS[$port]}" 2>/dev/null || true; }
done

sent=$(cat "$RUN_DIR"/requests-* | wc -l)
failed=$(cat "$RUN_DIR"/requests-* | awk '$2 != 200' | wc -l)
# Let the remaining instance's flusher land the last events; read the ledger itself.
for _ in $(seq 1 60); do
  ledger=$(psql -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -Atc \
    "select count(*) from usage_events where tenant_id = 'scale'")
  [ "${ledger:-0}" -ge "$sent" ] && break
  sleep 1
done
echo
echo "requests sent $sent, failed $failed, in the ledger ${ledger:-0} (load $(cut -d' ' -f1-3 /proc/loadavg))"
awk '{print $1}' "$RUN_DIR"/requests-* | sort | uniq -c | sed 's/^/  per port: /'
[ "$failed" = 0 ] && [ "${ledger:-0}" = "$sent" ] && echo "PASS: nothing failed, nothing lost or doubled" && exit 0
echo "FAIL" >&2
cat "$RUN_DIR"/requests-* | awk '$2 != 200' | head >&2
exit 1
