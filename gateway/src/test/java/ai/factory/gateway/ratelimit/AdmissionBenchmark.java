package ai.factory.gateway.ratelimit;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.ratelimit.expiry.ReservationEstimate;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

/**
 * The request path's Redis cost: one admission (7 buckets: rpm, tpm, concurrency, 4 budgets,
 * plus a cache lookup) and one settlement (refunds, lease release, usage event XADD) per request,
 * against the embedded Redis. Not a test (no assertion, not *Test or *IT); run it with
 * {@code load-tests/scripts/admission-benchmark.sh}.
 */
class AdmissionBenchmark {

    @Test
    void admission_and_settlement_cost() throws Exception {
        int requests = Integer.getInteger("admission.requests", 20_000);
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        props.put("redis.uri", TestServers.redisUri() + "/11");
        props.put("gateway.usage.flusher.enabled", false);
        try (GatewayApp app = GatewayApp.start(props)) {
            app.newKey("bench", List.of());
            Admin.policy(app, "bench", "{\"rpm\":100000000,\"tpm\":1000000000000,\"concurrency\":100000,"
                    + "\"daily_tokens\":1000000000000,\"monthly_tokens\":1000000000000,"
                    + "\"daily_cost_usd\":1000000000,\"monthly_cost_usd\":1000000000}");
            RateLimiter limiter = app.context().getBean(RateLimiter.class);
            Caller caller = new Caller("bench", "key_bench", Set.of(), null);
            for (int i = 0; i < 2_000; i++) {
                once(limiter, caller, "warm-" + i).join();
            }
            RedisClient probeClient = RedisClient.create(TestServers.redisUri());
            RedisCommands<String, String> probe = probeClient.connect().sync();
            Phase sequential = new Phase(probe);
            long[] micros = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                once(limiter, caller, "seq-" + i).join();
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            String sequentialCost = sequential.end(probe, requests);
            Arrays.sort(micros);
            int concurrency = 64;
            Phase parallel = new Phase(probe);
            Semaphore window = new Semaphore(concurrency);
            List<CompletableFuture<Void>> all = new ArrayList<>(requests);
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                window.acquire();
                all.add(once(limiter, caller, "par-" + i).whenComplete((ok, e) -> window.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            String parallelCost = parallel.end(probe, requests);
            probeClient.shutdown();
            System.out.printf("ADMISSION BENCHMARK: Redis per request (admit+settle), %d in flight: %s%n", concurrency,
                    parallelCost);
            System.out.printf("ADMISSION BENCHMARK: Redis per request (admit+settle), one at a time: %s%n", sequentialCost);
            System.out.printf("ADMISSION BENCHMARK: %d requests, admit+settle (2 Redis round trips, 7 buckets + cache "
                            + "lookup + XADD): sequential p50 %d us, p90 %d us, p99 %d us; %d in flight: %.0f requests/s%n",
                    requests, micros[requests / 2], micros[requests * 9 / 10], micros[requests * 99 / 100], concurrency,
                    requests / seconds);
        }
    }

    /** What Redis spent from its start to {@link #end}: CPU (INFO cpu), time in scripts and commands (INFO commandstats). */
    private static final class Phase {
        private final double cpu;
        private final Map<String, Long> calls;
        private final Map<String, Long> usec;

        Phase(RedisCommands<String, String> redis) {
            cpu = redisCpu(redis);
            calls = commandCalls(redis, "calls=");
            usec = commandCalls(redis, "usec=");
        }

        String end(RedisCommands<String, String> redis, int requests) {
            double cpuMicros = (redisCpu(redis) - cpu) * 1e6 / requests;
            Map<String, Long> callsAfter = commandCalls(redis, "calls=");
            Map<String, Long> usecAfter = commandCalls(redis, "usec=");
            // Time inside the scripts (their commands included), without the network I/O around them.
            double script = 0;
            for (String name : List.of("evalsha", "eval")) {
                script += usecAfter.getOrDefault(name, 0L) - usec.getOrDefault(name, 0L);
            }
            StringBuilder perCommand = new StringBuilder();
            long total = 0;
            for (Map.Entry<String, Long> e : callsAfter.entrySet()) {
                long delta = e.getValue() - calls.getOrDefault(e.getKey(), 0L);
                if (delta > 0 && !e.getKey().equals("info")) {
                    total += delta;
                    perCommand.append(String.format(" %s %.2f", e.getKey(), delta / (double) requests));
                }
            }
            return String.format("CPU %.1f us, of which %.1f us in scripts (wall); %.2f commands:%s", cpuMicros,
                    script / requests, total / (double) requests, perCommand);
        }
    }

    /** The Redis server's CPU seconds so far (user + system, all its threads). */
    private static double redisCpu(RedisCommands<String, String> redis) {
        double cpu = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                cpu += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return cpu;
    }

    /**
     * Per command so far (INFO commandstats), script commands included ({@code hmget}, {@code hset} ...):
     * {@code calls=} or {@code usec=}.
     */
    private static Map<String, Long> commandCalls(RedisCommands<String, String> redis, String stat) {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : redis.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String rest = line.substring(line.indexOf(stat) + stat.length());
                calls.put(name, Long.parseLong(rest.substring(0, rest.indexOf(','))));
            }
        }
        return calls;
    }

    private static CompletableFuture<Void> once(RateLimiter limiter, Caller caller, String id) {
        // -Dadmission.record=true: also record the reservation for the reaper (ratelimit/expiry), as the pipeline does.
        ReservationEstimate estimate = Boolean.getBoolean("admission.record") ? ReservationEstimate.of(id, System.currentTimeMillis(),
                "bench", "key_bench", null, "chat", "chat-default", 250, new PriceList.Rate(200, 600, 50)) : null;
        return limiter.reserve(caller, null, 300, 1_000, limiter.keys().cache("bench", id), id, estimate).thenCompose(reservation ->
                limiter.settle(reservation, 250, 900, null, null, 0, new UsageEvent(id, System.currentTimeMillis(), "bench",
                        "key_bench", null, "chat", "chat-default", "m", "gpu", "http://gpu", 200, 50, 0, 900, UsageEvent.OK,
                        false, 0, 5, 3, false, 200)));
    }
}
