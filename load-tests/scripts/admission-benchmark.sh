#!/usr/bin/env bash
# The request path's Redis cost per request: one admission (rate limits, concurrency lease,
# budgets and the cache lookup in one EVALSHA) plus one settlement (refund/charge, lease release,
# usage event XADD in one EVALSHA), through Lettuce against the embedded Redis.
# Usage (from the repository root):
#   load-tests/scripts/admission-benchmark.sh [requests]     # default 20000
#   ADMISSION_RECORD=true: also record each reservation for the reaper, as the pipeline does.
# Prints the Redis server's CPU time and its commands (INFO commandstats) per request.
set -euo pipefail
cd "$(dirname "$0")/../.."
requests="${1:-20000}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
mvn -B -o -q test -pl gateway -am -Dtest=AdmissionBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dadmission.requests="$requests" -Dadmission.record="${ADMISSION_RECORD:-false}" 2>&1 | grep -E "ADMISSION BENCHMARK|ERROR" || true
grep -h "ADMISSION BENCHMARK" gateway/target/surefire-reports/*AdmissionBenchmark*-output.txt 2>/dev/null || true
