# The gateway's production image: the slim artifact (no embedded PostgreSQL, Redis or emulator)
# on a JRE, as a non-root user, with a JDK 25 AOT cache trained at build time.
#   docker build -t gateway .
#   docker run -e DATASOURCES_DEFAULT_URL=... -e REDIS_URI=... -e MICRONAUT_CONFIG_FILES=/etc/gateway/gateway.yml \
#     -v ./gateway.yml:/etc/gateway/gateway.yml:ro -p 8080:8080 gateway
# The build and the runtime use the same Temurin 25 release: an AOT cache is only used by the
# JVM that made it. The code is compiled for Java 17 either way.
ARG TEMURIN=25.0.1_8

FROM eclipse-temurin:${TEMURIN}-jdk-noble AS build
RUN apt-get update && apt-get install -y --no-install-recommends maven curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Runs as a non-root user: initdb (the AOT training's PostgreSQL) refuses root.
RUN useradd --create-home builder && chown -R builder /src && mkdir /app && chown builder /app
USER builder
RUN gateway/src/image/build.sh /app

FROM eclipse-temurin:${TEMURIN}-jre-noble
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin gateway
COPY --from=build --chown=root:root /app /app
USER 10001
WORKDIR /app
ENV GATEWAY_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 CMD ["/app/healthcheck.sh"]
# Same jar path and JVM settings as the training run (the AOT cache checks the class path).
# JVM settings for a small box (GC, heap, event loops) come from /app/jvm.options
# (gateway/src/image/jvm.options); mount another file there to change them. Migrations run as a
# separate job: `docker run gateway migrate`. /app/jit-directives.json keeps C2 off code that runs
# only at start (gateway/src/image/jit-directives.json; the README's Deploy section says why).
# The JIT is C1 and C2. For a gateway that scales to zero and sees little traffic,
# JDK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1 (C1 only; Terraform's gateway_jit / jit variable) answers
# the first request about 0.35 s sooner on 2 cores and costs about three times the CPU per request
# once warm; the AOT cache serves both.
# -XX:-AOTAdapterCaching: JDK 25.0.3 warns at every start that an adapter stored in the AOT cache
# does not link ("Failed to link AdapterHandlerEntry"); without the adapters in the cache the
# warning goes and the start is the same (1,486 against 1,492 ms, median of 9).
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=/app/jit-directives.json", \
            "-XX:-AOTAdapterCaching", "-XX:AOTCache=/app/gateway.aot", "-jar", "/app/gateway-production.jar"]
