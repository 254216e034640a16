#!/usr/bin/env bash
# The image's build stage (the Dockerfile runs exactly this; CI runs it too, since no Docker
# engine runs on the build machines): builds the production artifact, lays it out as the image
# holds it in OUT (default /app), and trains the JDK 25 AOT cache there when the java on PATH
# (or $JAVA) is 25 or later. The training starts PostgreSQL and Redis from Maven packages and an
# emulated GPU server on free ports of 127.0.0.1, and stops them.
# Usage, from the repository root: gateway/src/image/build.sh [OUT]   (SKIP_BUILD=1: reuse target/)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
OUT="$(mkdir -p "${1:-/app}" && cd "${1:-/app}" && pwd)"
JAVA="${JAVA:-java}"
source "$ROOT/load-tests/scripts/gateway-stack.sh"
source "$ROOT/load-tests/scripts/aot-train.sh"
RUN_DIR="$(mktemp -d /tmp/gw-image.XXXXXX)"
# The image's JVM settings, for the training run too: the cache is made by the JVM that will use it.
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-@$OUT/jvm.options -XX:+UnlockDiagnosticVMOptions -XX:CompilerDirectivesFile=$OUT/jit-directives.json}"
trap stack_stop_all EXIT INT TERM

stack_build
rm -f "$OUT"/gateway-production.jar "$OUT"/gateway.aot
cp "$ROOT/gateway/target/gateway-production.jar" "$ROOT/gateway/src/image/healthcheck.sh" \
  "$ROOT/gateway/src/image/jvm.options" "$ROOT/gateway/src/image/jit-directives.json" "$OUT/"
bytes=$(stat -c %s "$OUT/gateway-production.jar")
log "production artifact $OUT/gateway-production.jar: $((bytes / 1024 / 1024)) MB ($bytes bytes)"
if [ "$bytes" -gt $((47 * 1024 * 1024)) ]; then
  echo "the production artifact is over 47 MB" >&2
  exit 1
fi

version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${version%%.*}" -lt 25 ]; then
  log "java $version: no AOT cache (needs 25); the image starts without one"
  exit 0
fi
EMU_PORT=$(free_port)
start_emulator "$EMU_PORT" fast
start_backing
write_pools "$RUN_DIR/pools.yml" 64 "$EMU_PORT"
# A first start migrates the training database and makes the tenant whose key the training uses.
ADMIN_TOKEN="gw-admin-train-$RANDOM$RANDOM"
GATEWAY_PORT=$(free_port)
(cd "$RUN_DIR" && exec env DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/postgres" \
  DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD= REDIS_URI="redis://127.0.0.1:$REDIS_PORT" \
  "$JAVA" -jar "$OUT/gateway-production.jar" migrate >"$RUN_DIR/migrate.log" 2>&1)
GATEWAY_JAR="$OUT/gateway-production.jar"
start_gateway "$RUN_DIR/pools.yml"
KEY=$(admin POST /tenants '{"id":"aot","name":"AOT training"}' >/dev/null; \
  admin POST /tenants/aot/keys '{"name":"train"}' | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
kill "$GATEWAY_PID"; wait "$GATEWAY_PID" 2>/dev/null || true
aot_train "$JAVA" "$OUT/gateway-production.jar" "$OUT/gateway.aot" "$RUN_DIR/pools.yml"
