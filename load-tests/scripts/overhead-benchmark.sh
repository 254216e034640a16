#!/usr/bin/env bash
# The gateway's overhead, side by side with the floor, on this machine, in one run:
#   direct  - the GPU emulator (profile fast: no TTFT, no inter-token delay) reached directly;
#   nginx   - the same behind Debian's nginx as a plain reverse proxy (keep-alive upstream);
#   gateway - the same behind the gateway with its full pipeline: key auth, one Redis EVALSHA for
#             admission + cache lookup (temperature 0, a prompt of its own per request: always a
#             miss), routing, relay, one EVALSHA to settle + write the cache + XADD the usage
#             event, and the flusher moving events into PostgreSQL in the background.
# Non-streamed: wrk (Lua script wrk-chat.lua) at 1 connection (latency p50/p90/p99) and at 64
# (requests per second). Streamed: wrk at 64 (streams per second) and TtftProbe (Java, one
# keep-alive connection) at 1 for time to first token. Then a JFR profile of the gateway under
# load (not during the measured runs). Writes load-tests/results/overhead-<date>.md.
# Usage (from anywhere; traffic goes only to 127.0.0.1):
#   load-tests/scripts/overhead-benchmark.sh [seconds-per-measurement=15] [connections=64]
# Environment: SKIP_BUILD=1, GATEWAY_JAVA_OPTS (default below), RUN_DIR, NO_PROFILE=1,
#   WARMUP_SECONDS (the gateway's warm-up, default 60).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/gateway-stack.sh"

secs="${1:-15}"
conns="${2:-64}"
# ForkJoinPool.common.parallelism=2: on a 2-CPU machine the common pool's parallelism is 1, and then
# CompletableFuture runs every *Async stage (the JDK HttpClient completes each response through one)
# on a new thread. See load-tests/README.md, "Overhead benchmark".
export GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}"
export EMULATOR_JAVA_OPTS="${EMULATOR_JAVA_OPTS:--Xms512m -Xmx512m}"
RUN_DIR="${RUN_DIR:-$(mktemp -d /tmp/gw-overhead.XXXXXX)}"
mkdir -p "$RUN_DIR"
stamp="$(date +%F-%H%M)"
results="$ROOT/load-tests/results/overhead-$stamp.md"
lua="$here/wrk-chat.lua"
trap stack_stop_all EXIT
trap 'exit 130' INT TERM
command -v wrk >/dev/null && command -v nginx >/dev/null || {
  log "installing wrk and nginx (Debian)"; apt-get install -y -qq wrk nginx-light >/dev/null; }
log "run directory (logs, data): $RUN_DIR"

stack_build

# --- the three targets -------------------------------------------------------------------------
emu=$(free_port)
start_emulator "$emu" fast
EMULATOR_PID=${STACK_PIDS[-1]}
ngx=$(free_port)
mkdir -p "$RUN_DIR/nginx"
cat >"$RUN_DIR/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $RUN_DIR/nginx/nginx.pid;
error_log $RUN_DIR/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $RUN_DIR/nginx/body;
  proxy_temp_path $RUN_DIR/nginx/proxy;
  fastcgi_temp_path $RUN_DIR/nginx/fastcgi;
  uwsgi_temp_path $RUN_DIR/nginx/uwsgi;
  scgi_temp_path $RUN_DIR/nginx/scgi;
  keepalive_requests 10000000;
  upstream emulator { server 127.0.0.1:$emu; keepalive 256; keepalive_requests 10000000; }
  server {
    listen 127.0.0.1:$ngx;
    location / {
      proxy_pass http://emulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
NGINX
nginx -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" &
STACK_PIDS+=($!)
NGINX_PID=$!
sleep 1
log "nginx on 127.0.0.1:$ngx, pid ${STACK_PIDS[-1]}"
start_backing
REDIS_PIDS="$(pgrep -f "redis-server.*:$REDIS_PORT|redis-server.*$REDIS_PORT" | tr '\n' ' ')"
write_pools "$RUN_DIR/pools.yml" 4096 "$emu"
start_gateway "$RUN_DIR/pools.yml"
key=$(new_tenant bench enterprise '{"rpm":1000000000,"tpm":1000000000000,"concurrency":1000000}')
[ -n "$key" ] || { echo "could not create the benchmark tenant" >&2; exit 1; }

path=/v1/chat/completions
declare -A URL=([direct]="http://127.0.0.1:$emu$path" [nginx]="http://127.0.0.1:$ngx$path" [gateway]="$GW$path")
targets=(direct nginx gateway)

# The processes that do a target's work beyond the backend: the emulator itself for direct, nginx's
# workers for nginx, the gateway's JVM for the gateway (Redis and PostgreSQL are reported apart).
nginx_pids() { echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
proc_of() { case $1 in direct) echo "$EMULATOR_PID" ;; nginx) nginx_pids ;; gateway) echo "$GATEWAY_PID" ;; esac; }
HZ=$(getconf CLK_TCK)

# wrk_run TARGET CONNECTIONS plain|stream SECONDS LABEL -> the wrk output file; also writes
# <file>.cpu: CPU microseconds per request of the target's own process(es) and of Redis.
wrk_run() {
  local out="$RUN_DIR/wrk-$5.txt" threads=$(( $2 > 1 ? 2 : 1 )) before after rb ra n
  before=$(ticks $(proc_of "$1")); rb=$(ticks $REDIS_PIDS)
  wrk -t"$threads" -c"$2" -d"$4s" --latency -s "$lua" "${URL[$1]}" -- "$3" "$key" "$5-$RANDOM" >"$out" 2>&1
  after=$(ticks $(proc_of "$1")); ra=$(ticks $REDIS_PIDS)
  n=$(awk '/requests in/ {print $1}' "$out"); n=${n:-0}
  awk -v a="$((after - before))" -v r="$((ra - rb))" -v n="$n" -v hz="$HZ" \
    'BEGIN { if (n > 0) printf "%.0f %.0f\n", a * 1e6 / hz / n, r * 1e6 / hz / n; else print "- -" }' >"$out.cpu"
  cut -d' ' -f1 /proc/loadavg >>"$RUN_DIR/loads"
  echo "$out"
}
to_ms() { # wrk's "123.45us" / "1.23ms" / "1.02s" -> ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
pct() { to_ms "$(awk -v p="$2%" '$1 == p {print $2}' "$1")"; }
rps() { awk '/^Requests\/sec/ {printf "%.0f", $2}' "$1"; }
errors() { # non-2xx responses + socket errors
  awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$1"
}

# --- warm-up: JIT of all three paths, connections established ---------------------------------
log "warm-up"
for t in "${targets[@]}"; do
  w=$([ "$t" = gateway ] && echo "${WARMUP_SECONDS:-60}" || echo $(( (${WARMUP_SECONDS:-60} + 5) / 6 ))) # the gateway's JIT needs about a minute
  wrk_run "$t" "$conns" plain "$w" "warm-$t" >/dev/null
  wrk_run "$t" "$conns" stream "$(( w > 1 ? w / 2 : 1 ))" "warmstream-$t" >/dev/null
  wrk_run "$t" 1 plain 3 "warm1-$t" >/dev/null
done
rm -f "$RUN_DIR/loads"

# --- the measured runs -------------------------------------------------------------------------
declare -A P50 P90 P99 RPS1 RPS ERR SRPS SERR TTFT CPU1 CPU SCPU
for t in "${targets[@]}"; do
  log "$t: non-streamed, 1 connection, ${secs}s"
  f=$(wrk_run "$t" 1 plain "$secs" "c1-$t")
  P50[$t]=$(pct "$f" 50); P90[$t]=$(pct "$f" 90); P99[$t]=$(pct "$f" 99); RPS1[$t]=$(rps "$f"); ERR[$t]=$(errors "$f"); CPU1[$t]=$(cat "$f.cpu")
done
for t in "${targets[@]}"; do
  log "$t: non-streamed, $conns connections, ${secs}s"
  [ "$t" = gateway ] && "$here/thread-cpu.sh" snapshot "$GATEWAY_PID" "$RUN_DIR/threads-before.txt"
  f=$(wrk_run "$t" "$conns" plain "$secs" "c$conns-$t")
  if [ "$t" = gateway ]; then
    "$here/thread-cpu.sh" snapshot "$GATEWAY_PID" "$RUN_DIR/threads-after.txt"
    "$here/thread-cpu.sh" diff "$RUN_DIR/threads-before.txt" "$RUN_DIR/threads-after.txt" \
      "$(awk '/requests in/ {print $1}' "$f")" >"$RUN_DIR/threads.md"
  fi
  RPS[$t]=$(rps "$f"); ERR[$t]=$(( ${ERR[$t]} + $(errors "$f") )); CPU[$t]=$(cat "$f.cpu")
done
for t in "${targets[@]}"; do
  log "$t: streamed, $conns connections, ${secs}s"
  f=$(wrk_run "$t" "$conns" stream "$secs" "s$conns-$t")
  SRPS[$t]=$(rps "$f"); SERR[$t]=$(errors "$f"); SCPU[$t]=$(cat "$f.cpu")
done
for t in "${targets[@]}"; do
  log "$t: time to first token, 1 connection"
  k=$([ "$t" = gateway ] && echo "$key" || echo "")
  java -cp "$GATLING_CP" ai.factory.gatling.TtftProbe --url "${URL[$t]}" --key "$k" --requests 5000 --warmup 2000 \
    --label "$t" | tee "$RUN_DIR/ttft-$t.txt" >&2
  cut -d' ' -f1 /proc/loadavg >>"$RUN_DIR/loads"
  TTFT[$t]="$(sed -n 's/.* p50=\([0-9]*\) p90=\([0-9]*\) p99=\([0-9]*\) .*/\1 \2 \3/p' "$RUN_DIR/ttft-$t.txt")"
done
load_during="$(sort -n "$RUN_DIR/loads" | sed -n '1p;$p' | paste -sd- -)"

# --- profile (after the measurements, so JFR does not colour them) -----------------------------
profile_file="$ROOT/load-tests/results/overhead-$stamp-profile.txt"
if [ "${NO_PROFILE:-0}" != 1 ]; then
  log "JFR profile of the gateway: non-streamed, $conns connections, 20 s"
  jcmd "$GATEWAY_PID" JFR.start name=overhead settings=profile filename="$RUN_DIR/gateway.jfr" >/dev/null
  wrk_run gateway "$conns" plain 20 "profile-gateway" >/dev/null
  jcmd "$GATEWAY_PID" JFR.stop name=overhead >/dev/null
  java -cp "$GATLING_CP" ai.factory.gatling.JfrHotSpots "$RUN_DIR/gateway.jfr" 30 >"$profile_file"
  log "profile: $profile_file (recording: $RUN_DIR/gateway.jfr)"
fi

# --- the table ---------------------------------------------------------------------------------
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'; }
us_to_ms() { awk -v a="$1" 'BEGIN { printf "%.3f", a / 1000 }'; }
read -r d50 d90 d99 <<<"${TTFT[direct]}"
read -r n50 n90 n99 <<<"${TTFT[nginx]}"
read -r g50 g90 g99 <<<"${TTFT[gateway]}"
redis_version=$(basename "$(readlink -f "/proc/${REDIS_PIDS%% *}/exe" 2>/dev/null || echo redis-server-?)" | sed -n 's/^redis-server-\([0-9.]*\).*/\1/p' || true)
{
  echo "# Gateway overhead benchmark, $(date '+%F %H:%M %Z')"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB memory;"
  echo "load average (1 min) during the measured runs: $load_during (gateway, emulator, Redis, PostgreSQL, nginx, the load"
  echo "generator and other people's builds all share the machine)."
  echo
  echo "Versions: $(java -version 2>&1 | head -1); $(nginx -v 2>&1 | sed 's/.*: //'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2);"
  echo "Redis ${redis_version:-?} and PostgreSQL 17 (Maven packages); \`gateway.jar\` built $(date -r "$GATEWAY_JAR" '+%F %H:%M') (HEAD $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- gateway routing || echo ', work tree with local changes'))."
  echo
  echo "Command: \`load-tests/scripts/overhead-benchmark.sh $secs $conns\` (each measurement ${secs} s after a warm-up)."
  echo "Gateway JVM: \`$GATEWAY_JAVA_OPTS\`; emulator \`--profile fast\` (\`$EMULATOR_JAVA_OPTS\`); nginx: \`worker_processes auto\`,"
  echo "upstream keep-alive, \`proxy_buffering off\`. Each request: \`POST /v1/chat/completions\`, \`max_tokens\` 16,"
  echo "temperature 0 and a prompt of its own (a cache miss the gateway looks up and then stores); the tenant's"
  echo "limits are high enough never to throttle. Load generator: wrk (\`load-tests/scripts/wrk-chat.lua\`); time to first"
  echo "token: \`ai.factory.gatling.TtftProbe\` (one keep-alive connection, time from writing the request to the first SSE"
  echo "event with content; 5,000 requests after 2,000 warm-up)."
  echo
  echo "## Non-streamed, 1 connection: latency per request (ms)"
  echo
  echo "| target | p50 | p90 | p99 | req/s | added p50 | added p90 | added p99 |"
  echo "|---|---|---|---|---|---|---|---|"
  for t in "${targets[@]}"; do
    echo "| $t | ${P50[$t]} | ${P90[$t]} | ${P99[$t]} | ${RPS1[$t]} | $(sub "${P50[$t]}" "${P50[direct]}") | $(sub "${P90[$t]}" "${P90[direct]}") | $(sub "${P99[$t]}" "${P99[direct]}") |"
  done
  echo
  echo "## $conns connections: maximum throughput"
  echo
  echo "| target | non-streamed req/s | streamed streams/s | errors (non-2xx + socket) |"
  echo "|---|---|---|---|"
  for t in "${targets[@]}"; do
    echo "| $t | ${RPS[$t]} | ${SRPS[$t]} | $(( ${ERR[$t]} + ${SERR[$t]} )) |"
  done
  echo
  echo "## CPU time per request (µs), from /proc: the emulator's for direct, nginx's workers', the gateway JVM's"
  echo
  echo "On a shared machine this is steadier than latency: it is what each hop costs, whatever else runs."
  echo
  echo "| target | 1 conn. non-streamed | $conns conn. non-streamed | $conns conn. streamed | Redis, $conns conn. non-streamed |"
  echo "|---|---|---|---|---|"
  for t in "${targets[@]}"; do
    read -r c1 _ <<<"${CPU1[$t]}"; read -r c64 r64 <<<"${CPU[$t]}"; read -r s64 _ <<<"${SCPU[$t]}"
    echo "| $t | $c1 | $c64 | $s64 | $([ "$t" = gateway ] && echo "$r64" || echo "-") |"
  done
  echo
  echo "## Streamed, 1 connection: time to first token (ms)"
  echo
  echo "| target | p50 | p90 | p99 | added p50 | added p99 |"
  echo "|---|---|---|---|---|---|"
  echo "| direct | $(us_to_ms "$d50") | $(us_to_ms "$d90") | $(us_to_ms "$d99") | | |"
  echo "| nginx | $(us_to_ms "$n50") | $(us_to_ms "$n90") | $(us_to_ms "$n99") | $(sub "$(us_to_ms "$n50")" "$(us_to_ms "$d50")") | $(sub "$(us_to_ms "$n99")" "$(us_to_ms "$d99")") |"
  echo "| gateway | $(us_to_ms "$g50") | $(us_to_ms "$g90") | $(us_to_ms "$g99") | $(sub "$(us_to_ms "$g50")" "$(us_to_ms "$d50")") | $(sub "$(us_to_ms "$g99")" "$(us_to_ms "$d99")") |"
  echo
  echo "## Targets (issue): added p50 ≤ 0.3 ms, added p99 ≤ 1 ms, ≥ 15,000 req/s at $conns connections, added TTFT p99 ≤ 1 ms"
  echo
  echo "| target | measured | met |"
  echo "|---|---|---|"
  a50=$(sub "${P50[gateway]}" "${P50[direct]}"); a99=$(sub "${P99[gateway]}" "${P99[direct]}")
  at99=$(sub "$(us_to_ms "$g99")" "$(us_to_ms "$d99")")
  met() { awk -v v="$1" -v l="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (v <= l) : (v >= l); print ok ? "yes" : "no" }'; }
  echo "| added latency p50 ≤ 0.3 ms | $a50 ms | $(met "$a50" 0.3 le) |"
  echo "| added latency p99 ≤ 1 ms | $a99 ms | $(met "$a99" 1 le) |"
  echo "| ≥ 15,000 req/s, full pipeline | ${RPS[gateway]} req/s | $(met "${RPS[gateway]}" 15000 ge) |"
  echo "| added TTFT p99 ≤ 1 ms | $at99 ms | $(met "$at99" 1 le) |"
  echo
  echo "## Where the gateway's CPU goes, by thread ($conns connections, non-streamed; from \`jcmd Thread.print\` before and after)"
  echo
  cat "$RUN_DIR/threads.md"
  if [ -f "$profile_file" ]; then
    echo
    echo "CPU profile of the gateway under the $conns-connection non-streamed load (JFR, \`settings=profile\`):"
    echo "\`$(basename "$profile_file")\`."
  fi
} >"$results"
cat "$results"
log "results: $results"
