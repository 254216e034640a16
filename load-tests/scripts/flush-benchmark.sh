#!/usr/bin/env bash
# Flush throughput: how many usage events per second one flusher moves from the Redis stream into
# PostgreSQL (insert, minute/hour/day roll-ups, XACK), against the embedded PostgreSQL and Redis.
# Usage (from the repository root):
#   load-tests/scripts/flush-benchmark.sh [events] [batch-size]     # defaults: 100000 500
set -euo pipefail
cd "$(dirname "$0")/../.."
events="${1:-100000}"
batch="${2:-500}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -o -q test -pl gateway -am -Dtest=FlushBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dflush.events="$events" -Dflush.batch="$batch" 2>&1 | grep -E "FLUSH BENCHMARK|ERROR" || true
grep -h "FLUSH BENCHMARK" gateway/target/surefire-reports/*FlushBenchmark*-output.txt 2>/dev/null || true
