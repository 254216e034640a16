# Sourced (after gateway-stack.sh, with start_backing done and KEY set): aot_train JAVA JAR OUT
# makes a JDK 25 AOT cache (JEP 483/514/515) by a training run of the production artifact that
# starts, serves plain and streamed chat completions and embeddings, and exits normally (the
# cache is written at exit). The class path at use must be the one at training: same jar path.
# AOT_TRAIN_ROUNDS (default 20): rounds of one plain and one streamed completion and one embedding.
# The cache keeps the classes, linked, but not the training's method profiles (JEP 515):
# -XX:-AOTRecordTraining. With them, the JIT compilers start compiling, at C2, what was hot in
# training as soon as the JVM starts, and on two cores they took the CPU the start needed: JIT
# 1.74 -> 1.26 s CPU, first completion 1.91 -> 1.76 s without (start-time.sh, 5 starts each,
# load-tests/results/start-time-2026-11-30-0336.md; the word `profiles` keeps them). The JIT
# still compiles what the running gateway makes hot.
# AOT_PROFILES=1 keeps them.
# Nor does it keep the call adapters (-XX:-AOTAdapterCaching, the image's ENTRYPOINT passes it too):
# with them JDK 25.0.3 warned at every start that one does not link, and the start was the same
# without them (load-tests/results/start-time-2026-11-30-0731.md).
aot_train() {
  local java=$1 jar=$2 out=$3 pools=$4 port
  port=$(free_port)
  (cd "$RUN_DIR" && exec env DATASOURCES_DEFAULT_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/postgres" \
    DATASOURCES_DEFAULT_USERNAME=postgres DATASOURCES_DEFAULT_PASSWORD= \
    REDIS_URI="redis://127.0.0.1:$REDIS_PORT" MICRONAUT_CONFIG_FILES="$pools" GATEWAY_ADMIN_TOKEN="$ADMIN_TOKEN" \
    GATEWAY_MIGRATE_ON_START=false GATEWAY_PORT="$port" \
    "$java" ${GATEWAY_JAVA_OPTS:-} $(aot_train_flags) -XX:AOTCacheOutput="$out" -jar "$jar" >"$RUN_DIR/aot-train.log" 2>&1) &
  local pid=$!
  wait_http "http://127.0.0.1:$port/health/readiness" 180 || { tail -30 "$RUN_DIR/aot-train.log" >&2; return 1; }
  local body
  for _ in $(seq 1 "${AOT_TRAIN_ROUNDS:-20}"); do
    for body in '{"model":"chat-default","max_tokens":3,"messages":[{"role":"user","content":"hi"}]}' \
        '{"model":"chat-default","stream":true,"max_tokens":3,"messages":[{"role":"user","content":"hi"}]}'; do
      curl -s -o /dev/null -N "http://127.0.0.1:$port/v1/chat/completions" -H "authorization: Bearer $KEY" \
        -H 'content-type: application/json' -d "$body"
    done
    curl -s -o /dev/null "http://127.0.0.1:$port/v1/embeddings" -H "authorization: Bearer $KEY" \
      -H 'content-type: application/json' -d '{"model":"embed-default","input":["a"]}'
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  [ -s "$out" ] || { echo "no AOT cache written; see $RUN_DIR/aot-train.log" >&2; return 1; }
  log "AOT cache $out: $(du -h "$out" | cut -f1)"
}

aot_train_flags() {
  echo "-XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching"
  [ "${AOT_PROFILES:-0}" = 1 ] || echo "-XX:-AOTRecordTraining"
}
