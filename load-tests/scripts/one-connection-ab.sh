#!/usr/bin/env bash
# One-connection latency, A against B, interleaved on one stack: a sequential client (wrk -c1,
# non-streamed, wrk-chat.lua: every request a cache miss) against gateway A, then B, then A ...,
# so that whatever else the machine runs lands on both alike. For finding what makes the
# one-connection p50/p99 on a busy box; not a benchmark of record (overhead-benchmark.sh is).
# A and B may be two jars, two JVM option sets, two configuration files or two wrk delays.
# Usage:
#   load-tests/scripts/one-connection-ab.sh [rounds=4] [seconds=10]
# Environment (each has a default; B's default to A's):
#   A_JAR, B_JAR           gateway jars (default gateway/target/gateway.jar)
#   A_OPTS, B_OPTS         JVM options (default: @gateway/src/image/jvm.options, the image's)
#   A_CONFIG, B_CONFIG     an extra YAML file, appended to MICRONAUT_CONFIG_FILES
#   A_DELAY, B_DELAY       the client's pause between requests, in ms (wrk delay(); default 0)
#   A_REDIS_DB, B_REDIS_DB a Redis database of its own (so one side's usage flusher never moves the other's events)
#   STREAM=1               streamed requests (wrk measures the whole stream; TTFT is TtftProbe's)
#   CONNS                  connections of the measured runs (default 1; more, for CPU per request)
#   JFR=1                  record each gateway (the jfr files stay in RUN_DIR)
#   SKIP_BUILD=1, RUN_DIR, WARMUP_SECONDS (default 40)
# Writes RUN_DIR/ab.md: per round and target p50/p90/p99 (ms), requests/s and the JVM's CPU per
# request (µs, from /proc), then the medians; prints it too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/gateway-stack.sh"

rounds="${1:-4}"
secs="${2:-10}"
RUN_DIR="${RUN_DIR:-$(mktemp -d /tmp/gw-ab.XXXXXX)}"
mkdir -p "$RUN_DIR"
export EMULATOR_JAVA_OPTS="${EMULATOR_JAVA_OPTS:--Xms256m -Xmx256m}"
trap stack_stop_all EXIT
trap 'exit 130' INT TERM
log "run directory: $RUN_DIR"

stack_build
A_JAR="${A_JAR:-$GATEWAY_JAR}"; B_JAR="${B_JAR:-$A_JAR}"
A_OPTS="${A_OPTS:-@$ROOT/gateway/src/image/jvm.options}"; B_OPTS="${B_OPTS:-$A_OPTS}"
A_DELAY="${A_DELAY:-0}"; B_DELAY="${B_DELAY:-$A_DELAY}"
mode=$([ "${STREAM:-0}" = 1 ] && echo stream || echo plain)

emu=$(free_port)
start_emulator "$emu" fast
start_backing
BACKING_PID=${STACK_PIDS[-1]}
write_pools "$RUN_DIR/pools.yml" 4096 "$emu"
declare -A PID URL DELAY
for side in A B; do
  jar_var="${side}_JAR"; opts_var="${side}_OPTS"; cfg_var="${side}_CONFIG"; db_var="${side}_REDIS_DB"
  cfg="$RUN_DIR/pools.yml"
  [ -n "${!cfg_var:-}" ] && cfg="$cfg,${!cfg_var}"
  jfr=""
  [ "${JFR:-0}" = 1 ] && jfr="-XX:StartFlightRecording=filename=$RUN_DIR/$side.jfr,settings=profile,dumponexit=true"
  GATEWAY_REDIS_DB="${!db_var:-}" GATEWAY_JAR="${!jar_var}" GATEWAY_JAVA_OPTS="${!opts_var} -Xlog:gc:file=$RUN_DIR/$side-gc.log $jfr" \
    start_gateway "$cfg"
  PID[$side]=$GATEWAY_PID
  URL[$side]="$GW/v1/chat/completions"
  d_var="${side}_DELAY"; DELAY[$side]=${!d_var}
done
key=$(new_tenant ab enterprise '{"rpm":1000000000,"tpm":1000000000000,"concurrency":1000000}')
[ -n "$key" ] || { echo "could not create the tenant" >&2; exit 1; }

lua="$RUN_DIR/wrk-ab.lua"
# wrk-chat.lua plus a pause between requests (delay() is wrk's think time).
{ cat "$here/wrk-chat.lua"; echo 'function delay() return tonumber(os.getenv("AB_DELAY") or "0") end'; } >"$lua"
HZ=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# PostgreSQL's and Redis's CPU ticks: every process under StackMain (a PostgreSQL backend exits with its
# connection, so long-lived pools are what this sees, which is what the gateway keeps).
descendants() { local p c; for p in "$@"; do echo "$p"; for c in $(pgrep -P "$p"); do descendants "$c"; done; done; }
backing_ticks() { local t=0 p; for p in $(descendants "$BACKING_PID"); do t=$((t + $(ticks "$p" 2>/dev/null || echo 0))); done; echo "$t"; }
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
# threads PID: per thread "group cpu-ticks context-switches" (voluntary + involuntary); a switch
# is a thread going to sleep or being put off the CPU: each hand-off of a request costs one or two.
threads() {
  local t
  for t in /proc/"$1"/task/*; do
    { tr ' ' '_' <"$t/comm" | sed 's/[0-9]\+/N/g'; awk '{print $14 + $15}' "$t/stat"
      awk '/ctxt_switches/ {s += $2} END {print s}' "$t/status"; } 2>/dev/null | paste -sd' '
  done
}
# per_thread BEFORE AFTER REQUESTS: CPU µs and context switches per request, by thread group.
per_thread() {
  awk -v n="$3" -v hz="$HZ" 'FNR == NR { next } { cpu[$1] += $2; cs[$1] += $3 }
    END { for (g in cpu) printf "%-28s %8.1f µs %6.2f switches\n", g, cpu[g] * 1e6 / hz / n, cs[g] / n }' \
    <(awk '{print $1, -$2, -$3}' "$1") <(cat <(awk '{print $1, -$2, -$3}' "$1") "$2") | sort -k2 -gr
}
pct() { to_ms "$(awk -v p="$2%" '$1 == p {print $2}' "$1")"; }

run() { # SIDE SECONDS LABEL -> "p50 p90 p99 rps cpu_us backing_cpu_us"
  local out="$RUN_DIR/wrk-$3.txt" before after n bb ba
  before=$(ticks "${PID[$1]}"); bb=$(backing_ticks)
  threads "${PID[$1]}" >"$out.before"
  AB_DELAY="${DELAY[$1]}" wrk -t"$(( ${CONNS:-1} > 1 ? 2 : 1 ))" -c"${CONNS:-1}" -d"$2s" --latency -s "$lua" "${URL[$1]}" -- "$mode" "$key" "$3-$RANDOM" >"$out" 2>&1
  after=$(ticks "${PID[$1]}"); ba=$(backing_ticks)
  threads "${PID[$1]}" >"$out.after"
  n=$(awk '/requests in/ {print $1}' "$out")
  per_thread "$out.before" "$out.after" "${n:-0}" >"$out.threads"
  echo "$(pct "$out" 50) $(pct "$out" 90) $(pct "$out" 99) $(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$out") \
$(awk -v a="$((after - before))" -v b="$((ba - bb))" -v n="${n:-0}" -v hz="$HZ" \
  'BEGIN { printf "%.0f %.0f", (n > 0 ? a * 1e6 / hz / n : 0), (n > 0 ? b * 1e6 / hz / n : 0) }')"
}

log "warm-up, ${WARMUP_SECONDS:-40} s each"
for side in A B; do
  AB_DELAY=0 wrk -t2 -c16 -d"${WARMUP_SECONDS:-40}s" -s "$lua" "${URL[$side]}" -- "$mode" "$key" "warm-$side" >/dev/null 2>&1
  run "$side" 5 "warm1-$side" >/dev/null
done

table="$RUN_DIR/ab.md"
{
  echo "A: ${A_JAR##*/} $A_OPTS ${A_CONFIG:-} delay ${A_DELAY} ms"
  echo "B: ${B_JAR##*/} $B_OPTS ${B_CONFIG:-} delay ${B_DELAY} ms"
  echo "mode $mode, ${CONNS:-1} connection(s), $rounds rounds of ${secs} s each"
  echo
  echo "| round | side | p50 | p90 | p99 | req/s | JVM CPU µs/req | PostgreSQL+Redis CPU µs/req | load (1 min) |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$table"
for r in $(seq 1 "$rounds"); do
  # Alternate which side goes first, so a drift in the machine's load favours neither.
  order=$([ $((r % 2)) = 1 ] && echo "A B" || echo "B A")
  for side in $order; do
    read -r p50 p90 p99 rps cpu bcpu <<<"$(run "$side" "$secs" "r$r-$side")"
    echo "| $r | $side | $p50 | $p90 | $p99 | $rps | $cpu | $bcpu | $(cut -d' ' -f1 /proc/loadavg) |" >>"$table"
    echo "$side $p50 $p90 $p99 $rps $cpu $bcpu" >>"$RUN_DIR/rows"
  done
done
{
  echo
  echo "| median | p50 | p90 | p99 | req/s | JVM CPU µs/req | PostgreSQL+Redis CPU µs/req |"
  echo "|---|---|---|---|---|---|---|"
  for side in A B; do
    line="| $side"
    for col in 2 3 4 5 6 7; do
      line="$line | $(awk -v s="$side" -v c="$col" '$1 == s {print $c}' "$RUN_DIR/rows" | sort -g \
        | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
    done
    echo "$line |"
  done
  for side in A B; do
    echo "$side GC pauses: $(grep -c 'Pause' "$RUN_DIR/$side-gc.log" || true), \
longest $(grep -o '[0-9.]*ms$' "$RUN_DIR/$side-gc.log" | sort -g | tail -1)"
  done
} >>"$table"
[ "${JFR:-0}" = 1 ] && for side in A B; do jcmd "${PID[$side]}" JFR.dump name=1 filename="$RUN_DIR/$side.jfr" >/dev/null 2>&1 || true; done
cat "$table"
