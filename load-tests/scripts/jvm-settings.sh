#!/usr/bin/env bash
# The gateway's JVM settings for a small box, measured: runs overhead-benchmark.sh once per
# candidate GATEWAY_JAVA_OPTS (GC, heap, Netty event loops) on the same build, then writes one
# table of the figures that decide (added latency, requests/s, streams/s, CPU per request, time to
# first token) to load-tests/results/jvm-settings-<date>.md, with each run's full report beside it.
# Run it on a quiet machine: each candidate is a full benchmark (about 4 minutes with the defaults).
# Usage: load-tests/scripts/jvm-settings.sh [seconds-per-measurement=15] [connections=64] [candidate...]
#   candidates by name (default: all): image serial parallel-4loops g1 g1-4loops parallel-1g
# The image's own settings are gateway/src/image/jvm.options ("image"); the others differ in one
# thing each, so a row's difference from "image" is that one thing's effect.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$here/../.." && pwd)"
secs="${1:-15}"
conns="${2:-64}"
shift $(( $# > 2 ? 2 : $# )) || true
COMMON="-Djava.util.concurrent.ForkJoinPool.common.parallelism=2 -XX:+ExitOnOutOfMemoryError"
declare -A OPTS=(
  [image]="@$ROOT/gateway/src/image/jvm.options"
  [serial]="-XX:+UseSerialGC -Xms512m -Xmx512m -Dmicronaut.netty.event-loops.default.num-threads=2 $COMMON"
  [parallel-4loops]="-XX:+UseParallelGC -Xms512m -Xmx512m -Dmicronaut.netty.event-loops.default.num-threads=4 $COMMON"
  [g1]="-XX:+UseG1GC -Xms512m -Xmx512m -Dmicronaut.netty.event-loops.default.num-threads=2 $COMMON"
  [g1-4loops]="-XX:+UseG1GC -Xms512m -Xmx512m -Dmicronaut.netty.event-loops.default.num-threads=4 $COMMON"
  [parallel-1g]="-XX:+UseParallelGC -Xms1g -Xmx1g -Dmicronaut.netty.event-loops.default.num-threads=2 $COMMON"
)
ORDER=(image serial parallel-4loops g1 g1-4loops parallel-1g)
[ $# -gt 0 ] && ORDER=("$@")
for name in "${ORDER[@]}"; do
  [ -n "${OPTS[$name]:-}" ] || { echo "unknown candidate: $name (known: ${!OPTS[*]})" >&2; exit 2; }
done

stamp="$(date +%F-%H%M)"
out_dir="$ROOT/load-tests/results/jvm-settings-$stamp"
mkdir -p "$out_dir"
summary="$ROOT/load-tests/results/jvm-settings-$stamp.md"
built=0
for name in "${ORDER[@]}"; do
  echo "=== $name: ${OPTS[$name]}" >&2
  before="$(ls -1 "$ROOT"/load-tests/results/overhead-*.md 2>/dev/null | grep -v profile || true)"
  # The first run builds; the others reuse the same jars, so only the JVM settings differ.
  SKIP_BUILD=$built NO_PROFILE=1 GATEWAY_JAVA_OPTS="${OPTS[$name]}" RUN_DIR="$out_dir/$name.run" \
    "$here/overhead-benchmark.sh" "$secs" "$conns"
  built=1
  report="$(comm -13 <(echo "$before") <(ls -1 "$ROOT"/load-tests/results/overhead-*.md | grep -v profile) | tail -1)"
  [ -n "$report" ] || report="$(ls -1t "$ROOT"/load-tests/results/overhead-*.md | grep -v profile | head -1)"
  mv "$report" "$out_dir/$name.md"
  # Runs in the same minute would share a report name: wait for the next minute.
  sleep $(( 61 - $(date +%-S) ))
done

# row NAME: the gateway's figures from that candidate's report.
row() {
  local f="$out_dir/$1.md"
  local lat tput cpu ttft
  lat=$(awk -F'|' '/^\| gateway \|/ && !seen++ { gsub(/ /, "", $7); gsub(/ /, "", $9); print $7 " / " $9 }' "$f")
  tput=$(awk -F'|' '/^\| gateway \|/ { n++ } /^\| gateway \|/ && n == 2 { gsub(/ /, ""); print $3 " / " $4 }' "$f")
  cpu=$(awk -F'|' '/^\| gateway \|/ { n++ } /^\| gateway \|/ && n == 3 { gsub(/ /, ""); print $4 " (+" $6 " Redis)" }' "$f")
  ttft=$(awk -F'|' '/^\| gateway \|/ { n++ } /^\| gateway \|/ && n == 4 { gsub(/ /, ""); print $7 }' "$f")
  local load
  load=$(sed -n 's/^load average (1 min) during the measured runs: \([^ ]*\).*/\1/p' "$f")
  echo "| $1 | \`${OPTS[$1]}\` | $lat | $tput | $cpu | $ttft | $load |"
}
{
  echo "# Gateway JVM settings, $(date '+%F %H:%M %Z')"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB. Command: \`load-tests/scripts/jvm-settings.sh $secs $conns\`;"
  echo "each row is one full \`overhead-benchmark.sh $secs $conns\` run (its report: \`jvm-settings-$stamp/<name>.md\`)."
  echo
  echo "| candidate | GATEWAY_JAVA_OPTS | added p50 / p99, 1 conn. (ms) | req/s / streams/s, $conns conn. | gateway CPU µs/request | added TTFT p99 (ms) | load |"
  echo "|---|---|---|---|---|---|---|"
  for name in "${ORDER[@]}"; do row "$name"; done
} >"$summary"
cat "$summary"
