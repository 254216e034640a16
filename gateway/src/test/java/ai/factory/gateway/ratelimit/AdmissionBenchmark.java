package ai.factory.gateway.ratelimit;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.ratelimit.expiry.ReservationEstimate;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
            long[] micros = new long[requests];
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                once(limiter, caller, "seq-" + i).join();
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Arrays.sort(micros);
            int concurrency = 64;
            Semaphore window = new Semaphore(concurrency);
            List<CompletableFuture<Void>> all = new ArrayList<>(requests);
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                window.acquire();
                all.add(once(limiter, caller, "par-" + i).whenComplete((ok, e) -> window.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("ADMISSION BENCHMARK: %d requests, admit+settle (2 Redis round trips, 7 buckets + cache "
                            + "lookup + XADD): sequential p50 %d us, p90 %d us, p99 %d us; %d in flight: %.0f requests/s%n",
                    requests, micros[requests / 2], micros[requests * 9 / 10], micros[requests * 99 / 100], concurrency,
                    requests / seconds);
        }
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
