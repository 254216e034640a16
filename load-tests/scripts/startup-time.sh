#!/usr/bin/env bash
# Measures the local run's time from `java -jar` to its first served request: a chat completion
# through the emulated pool with the demo key. Usage (from the repository root, after
# `mvn -q -DskipTests package`):
#   load-tests/scripts/startup-time.sh [data-dir]     # default: a fresh temporary data dir
# Run it twice on the same data dir to see a cold start (initdb) and a warm one.
set -euo pipefail
data="${1:-$(mktemp -d)}"
jar="gateway/target/gateway.jar"
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
fresh=$([ -d "$data/postgres" ] && echo "reused data dir" || echo "fresh data dir")
start=$(date +%s%N)
GATEWAY_DATA_DIR="$data" java -jar "$jar" >"$data.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
  if [ -s "$data/demo-key" ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' localhost:8080/v1/chat/completions \
      -H "Authorization: Bearer $(cat "$data/demo-key")" -H 'content-type: application/json' \
      -d '{"model":"chat-default","max_tokens":1,"messages":[{"role":"user","content":"hi"}]}' || true)
    if [ "$code" = "200" ]; then
      end=$(date +%s%N)
      echo "first request served $(( (end - start) / 1000000 )) ms after launch ($fresh: $data)"
      exit 0
    fi
  fi
  sleep 0.05
done
echo "gateway did not serve a request within 60 s; log: $data.log" >&2
exit 1
