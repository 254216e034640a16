package ai.factory.routing.fallback;

import static ai.factory.routing.support.TestEndpoints.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.balancing.RoundRobin;
import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.pool.QueueSettings;
import ai.factory.routing.support.ScriptedTransport;
import io.opentelemetry.context.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Whoever hears that a call ended (its body completed, failed, was cut, or its attempt failed)
 * must find the endpoint slot already free: a caller that reacts to the end by sending the next
 * request, or a test that counts slots, must never see the finished call still in flight.
 */
class SlotReleaseOrderTest {

    private static final int ROUNDS = 200;

    private final ScriptedTransport transport = new ScriptedTransport();

    private static Pool pool(Duration callTimeout) {
        PoolSettings settings = new PoolSettings(Location.ON_PREM, null, callTimeout, 3, QueueSettings.NONE);
        return new Pool("p", Protocol.OPENAI, List.of(endpoint("a", 8)), new RoundRobin(), null, settings);
    }

    private static BackendRequest request(Target target) {
        return new BackendRequest("/v1/chat/completions", "{}".getBytes(StandardCharsets.UTF_8), true, Map.of(),
                Duration.ofSeconds(5), Context.root());
    }

    private static ByteBuffer chunk(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Routes, reads the body, and returns the in-flight count seen from inside the end signal. */
    private int inFlightSeenAtTheEnd(Pool pool, Supplier<Flux<ByteBuffer>> body) throws Exception {
        transport.on("a", r -> CompletableFuture.completedFuture(new BackendReply(200, Map.of(), body.get())));
        RoutedReply reply = new Router(transport).route(new ModelAlias("m", List.of(new Target(pool, "m"))),
                SlotReleaseOrderTest::request).get(5, TimeUnit.SECONDS);
        AtomicInteger seen = new AtomicInteger(-1);
        CountDownLatch ended = new CountDownLatch(1);
        reply.body().subscribe(b -> { }, error -> {
            seen.set(pool.endpoints().get(0).inFlight());
            ended.countDown();
        }, () -> {
            seen.set(pool.endpoints().get(0).inFlight());
            ended.countDown();
        });
        assertTrue(ended.await(10, TimeUnit.SECONDS), "the body never ended");
        return seen.get();
    }

    @Test
    void a_call_cut_at_its_time_limit_has_freed_its_slot_when_the_caller_hears_the_timeout() throws Exception {
        Pool pool = pool(Duration.ofMillis(1));
        for (int i = 0; i < ROUNDS; i++) {
            assertEquals(0, inFlightSeenAtTheEnd(pool, () -> Flux.concat(Flux.just(chunk("data: 1\n\n")), Flux.never())),
                    "round " + i);
        }
    }

    @Test
    void a_body_that_ends_has_freed_its_slot_when_the_caller_hears_the_end() throws Exception {
        Pool pool = pool(Duration.ofSeconds(30));
        for (int i = 0; i < ROUNDS; i++) {
            assertEquals(0, inFlightSeenAtTheEnd(pool, () -> Flux.just(chunk("data: [DONE]\n\n"))), "round " + i);
        }
    }

    @Test
    void a_body_that_breaks_has_freed_its_slot_when_the_caller_hears_the_error() throws Exception {
        Pool pool = pool(null);
        for (int i = 0; i < ROUNDS; i++) {
            assertEquals(0, inFlightSeenAtTheEnd(pool, () -> Flux.concat(Flux.just(chunk("data: 1\n\n")),
                    Flux.error(new BackendFailure(BackendFailure.Kind.CONNECT, "a", "reset")))), "round " + i);
        }
    }

    @Test
    void a_cancelled_body_has_freed_its_slot_when_cancel_returns() throws Exception {
        Pool pool = pool(Duration.ofSeconds(30));
        transport.on("a", r -> CompletableFuture.completedFuture(new BackendReply(200, Map.of(),
                Flux.concat(Flux.just(chunk("data: 1\n\n")), Flux.never()))));
        for (int i = 0; i < ROUNDS; i++) {
            RoutedReply reply = new Router(transport).route(new ModelAlias("m", List.of(new Target(pool, "m"))),
                    SlotReleaseOrderTest::request).get(5, TimeUnit.SECONDS);
            reply.body().subscribe().dispose();
            assertEquals(0, pool.endpoints().get(0).inFlight(), "round " + i);
        }
    }

    @Test
    void every_failed_attempt_has_freed_its_slot_before_the_fallback_target_is_tried() throws Exception {
        Pool first = pool(null);
        Pool second = new Pool("q", Protocol.OPENAI, List.of(endpoint("z", 8)), new RoundRobin(), null,
                PoolSettings.defaults());
        AtomicInteger seenByFallback = new AtomicInteger(-1);
        transport.answer("a", 503, "down").on("z", r -> {
            seenByFallback.set(first.endpoints().get(0).inFlight());
            return CompletableFuture.completedFuture(ScriptedTransport.reply(200, "ok"));
        });
        new Router(transport).route(new ModelAlias("m", List.of(new Target(first, "m"), new Target(second, "m"))),
                SlotReleaseOrderTest::request).get(5, TimeUnit.SECONDS).release();
        assertEquals(0, seenByFallback.get());
    }
}
