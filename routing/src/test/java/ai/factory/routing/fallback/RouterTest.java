package ai.factory.routing.fallback;

import static ai.factory.routing.support.TestEndpoints.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.balancing.RoundRobin;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.pool.QueueSettings;
import ai.factory.routing.support.ScriptedTransport;
import ai.factory.routing.tenant.TenantRule;
import ai.factory.routing.tenant.TenantRules;
import io.opentelemetry.context.Context;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class RouterTest {

    private static final String CONTEXT_TOO_LONG = "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\","
            + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";

    private final ScriptedTransport transport = new ScriptedTransport();

    private static Pool pool(String name, String... hosts) {
        return pool(name, PoolSettings.defaults(), hosts);
    }

    private static Pool pool(String name, PoolSettings settings, String... hosts) {
        List<Endpoint> endpoints = Arrays.stream(hosts).map(h -> endpoint(h, 8)).toList();
        return new Pool(name, Protocol.OPENAI, endpoints, new RoundRobin(), null, settings);
    }

    private static BackendRequest request(Target target) {
        return new BackendRequest("/v1/chat/completions", "{}".getBytes(StandardCharsets.UTF_8), false, Map.of(),
                Duration.ofSeconds(5), Context.root());
    }

    private RoutedReply route(Router router, ModelAlias alias) throws Exception {
        return router.route(alias, RouterTest::request).get(5, TimeUnit.SECONDS);
    }

    private static AllTargetsFailed allFailed(CompletableFuture<RoutedReply> routed) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> routed.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(AllTargetsFailed.class, e.getCause());
    }

    private static String body(RoutedReply reply) {
        return reply.body().map(b -> StandardCharsets.UTF_8.decode(b).toString()).collectList()
                .map(parts -> String.join("", parts)).block(Duration.ofSeconds(5));
    }

    @Test
    void a_5xx_is_retried_on_another_endpoint_of_the_same_pool() throws Exception {
        transport.answer("a", 500, "CUDA error").answer("b", 200, "ok");
        RoutedReply reply = route(new Router(transport), new ModelAlias("m", List.of(new Target(pool("p", "a", "b"), "m"))));
        assertEquals(200, reply.status());
        assertEquals(List.of("a", "b"), transport.calls);
        assertEquals(1, reply.failedAttempts().size());
        assertTrue(reply.failedAttempts().get(0).getMessage().contains("HTTP 500 CUDA error"));
    }

    @Test
    void a_connect_error_is_retried_on_another_endpoint_never_the_same_one() throws Exception {
        transport.fail("a", BackendFailure.Kind.CONNECT).fail("b", BackendFailure.Kind.CONNECT);
        AllTargetsFailed failed = allFailed(new Router(transport).route(
                new ModelAlias("m", List.of(new Target(pool("p", "a", "b"), "m"))), RouterTest::request));
        assertEquals(List.of("a", "b"), transport.calls);
        assertEquals(2, failed.attempts().size());
    }

    @Test
    void a_429_moves_to_another_endpoint_and_keeps_the_refusing_one_out_for_its_retry_after() throws Exception {
        transport.answer("a", 429, "queue full", "retry-after", "30").answer("b", 200, "ok");
        Pool pool = pool("p", "a", "b");
        Router router = new Router(transport);
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool, "m")));
        assertEquals(200, route(router, alias).status());
        route(router, alias).release();
        route(router, alias).release();
        assertEquals(List.of("a", "b", "b", "b"), transport.calls);
        assertTrue(pool.endpoints().get(0).guard().describe().contains("429"));
    }

    @Test
    void retries_stop_at_the_pools_attempt_limit() {
        PoolSettings one = new PoolSettings(Location.ON_PREM, null, null, 1, QueueSettings.NONE);
        transport.answer("a", 503, "").answer("b", 503, "").answer("c", 503, "");
        allFailed(new Router(transport).route(new ModelAlias("m", List.of(new Target(pool("p", one, "a", "b", "c"), "m"))),
                RouterTest::request));
        assertEquals(1, transport.calls.size());
    }

    @Test
    void a_first_byte_timeout_falls_back_to_the_next_target_without_retrying_the_pool() throws Exception {
        transport.fail("a", BackendFailure.Kind.TIMEOUT).answer("b", 200, "x").answer("z", 200, "from fallback");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool("p", "a", "b"), "m"), new Target(pool("q", "z"), "m2")));
        RoutedReply reply = route(new Router(transport), alias);
        assertEquals(List.of("a", "z"), transport.calls);
        assertEquals("m2", reply.target().servedModel());
        assertEquals(BackendFailure.Kind.TIMEOUT, reply.failedAttempts().get(0).kind());
    }

    @Test
    void targets_are_tried_in_order_and_the_error_names_each_attempt() {
        transport.fail("a", BackendFailure.Kind.CONNECT).answer("b", 502, "bad gateway").answer("c", 429, "busy", "retry-after", "7");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool("p1", "a"), "m"), new Target(pool("p2", "b"), "m"),
                new Target(pool("p3", "c"), "m")));
        AllTargetsFailed failed = allFailed(new Router(transport).route(alias, RouterTest::request));
        assertEquals(List.of("a", "b", "c"), transport.calls);
        assertTrue(failed.getMessage().contains("all 3 attempts failed"), failed.getMessage());
        assertTrue(failed.getMessage().contains("HTTP 502 bad gateway") && failed.getMessage().contains("HTTP 429 busy"));
        assertEquals("7", failed.last().retryAfter());
    }

    @Test
    void an_open_circuit_skips_the_pool_and_the_fallback_serves() throws Exception {
        Pool broken = pool("p", "a");
        broken.endpoints().get(0).guard().onHealthCheck(false);
        broken.endpoints().get(0).guard().onHealthCheck(false);
        transport.answer("z", 200, "ok");
        RoutedReply reply = route(new Router(transport), new ModelAlias("m", List.of(new Target(broken, "m"),
                new Target(pool("q", "z"), "m"))));
        assertEquals(List.of("z"), transport.calls);
        assertTrue(reply.failedAttempts().get(0).getMessage().contains("failing its health checks"));
    }

    @Test
    void context_length_exceeded_moves_on_to_the_target_with_a_longer_context() throws Exception {
        transport.answer("a", 400, CONTEXT_TOO_LONG, "content-type", "application/json").answer("z", 200, "long answer");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool("short", "a"), "m-8k"), new Target(pool("long", "z"), "m-128k")));
        RoutedReply reply = route(new Router(transport), alias);
        assertEquals("m-128k", reply.target().servedModel());
        assertTrue(reply.failedAttempts().get(0).getMessage().contains("context_length_exceeded"));
    }

    @Test
    void context_length_exceeded_on_the_last_target_is_relayed_as_the_backend_sent_it() throws Exception {
        transport.answer("a", 400, CONTEXT_TOO_LONG);
        RoutedReply reply = route(new Router(transport), new ModelAlias("m", List.of(new Target(pool("p", "a"), "m"))));
        assertEquals(400, reply.status());
        assertEquals(CONTEXT_TOO_LONG, body(reply));
    }

    @Test
    void another_400_with_targets_left_is_relayed_untouched() throws Exception {
        transport.answer("a", 400, "{\"error\":{\"code\":\"invalid_value\"}}").answer("z", 200, "no");
        RoutedReply reply = route(new Router(transport), new ModelAlias("m", List.of(new Target(pool("p", "a"), "m"),
                new Target(pool("q", "z"), "m"))));
        assertEquals(400, reply.status());
        assertEquals("{\"error\":{\"code\":\"invalid_value\"}}", body(reply));
        assertEquals(List.of("a"), transport.calls);
    }

    @Test
    void targets_whose_context_window_is_too_small_for_the_prompt_are_skipped() throws Exception {
        transport.answer("a", 200, "small").answer("z", 200, "large");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool("short", "a"), "m-8k", 8192),
                new Target(pool("long", "z"), "m-128k", 131072)));
        RouteHints hints = new RouteHints(null, null, null, null, 20_000, 0);
        RoutedReply reply = new Router(transport).route(alias, hints, RouterTest::request).get(5, TimeUnit.SECONDS);
        assertEquals("m-128k", reply.target().servedModel());
        assertEquals(List.of("z"), transport.calls);
    }

    @Test
    void an_on_prem_only_tenant_never_reaches_an_external_pool() {
        Pool onPrem = pool("gpu", "a");
        Pool external = pool("openai", PoolSettings.defaults().withLocation(Location.EXTERNAL), "ext");
        transport.answer("a", 503, "down").answer("ext", 200, "from outside");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(onPrem, "m"), new Target(external, "gpt")));
        Router router = new Router(transport, new TenantRules(Map.of("bank", new TenantRule(Set.of(), true))));
        AllTargetsFailed failed = allFailed(router.route(alias, new RouteHints("bank", null, null, null, 0, 0),
                RouterTest::request));
        assertEquals(List.of("a"), transport.calls);
        assertEquals(1, failed.attempts().size());
    }

    @Test
    void other_tenants_fall_back_to_the_external_pool() throws Exception {
        Pool onPrem = pool("gpu", "a");
        Pool external = pool("openai", PoolSettings.defaults().withLocation(Location.EXTERNAL), "ext");
        transport.answer("a", 503, "down").answer("ext", 200, "from outside");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(onPrem, "m"), new Target(external, "gpt")));
        Router router = new Router(transport, new TenantRules(Map.of("bank", new TenantRule(Set.of(), true))));
        RoutedReply reply = router.route(alias, new RouteHints("shop", null, null, null, 0, 0), RouterTest::request)
                .get(5, TimeUnit.SECONDS);
        assertSame(external, reply.target().pool());
    }

    @Test
    void a_tenant_limited_to_some_pools_uses_only_those_and_none_left_is_refused() {
        transport.answer("a", 200, "a").answer("b", 200, "b");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool("p1", "a"), "m"), new Target(pool("p2", "b"), "m")));
        Router router = new Router(transport);
        RouteHints onlyP2 = new RouteHints("t", new TenantRule(Set.of("p2"), false), null, null, 0, 0);
        assertEquals("p2", router.route(alias, onlyP2, RouterTest::request).join().target().pool().name());
        RouteHints nothing = new RouteHints("t", new TenantRule(Set.of("p9"), false), null, null, 0, 0);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> router.route(alias, nothing, RouterTest::request).get(5, TimeUnit.SECONDS));
        assertInstanceOf(NoPermittedTarget.class, e.getCause());
        assertEquals(List.of("b"), transport.calls);
    }

    @Test
    void a_call_past_its_whole_time_limit_is_cut_with_a_timeout_and_frees_the_slot() throws Exception {
        PoolSettings limited = new PoolSettings(Location.ON_PREM, null, Duration.ofMillis(200), 3, QueueSettings.NONE);
        Pool pool = pool("p", limited, "a");
        transport.on("a", request -> CompletableFuture.completedFuture(new BackendReply(200, Map.of(),
                Flux.concat(Flux.just(ByteBuffer.wrap("data: 1\n\n".getBytes(StandardCharsets.UTF_8))), Flux.never()))));
        RoutedReply reply = route(new Router(transport), new ModelAlias("m", List.of(new Target(pool, "m"))));
        Throwable error = assertThrows(RuntimeException.class, () -> reply.body().blockLast(Duration.ofSeconds(10)));
        assertInstanceOf(BackendFailure.class, error);
        assertEquals(BackendFailure.Kind.TIMEOUT, ((BackendFailure) error).kind());
        assertEquals(0, pool.endpoints().get(0).inFlight());
    }

    @Test
    void the_pools_first_byte_timeout_overrides_the_requests() throws Exception {
        PoolSettings quick = new PoolSettings(Location.ON_PREM, Duration.ofMillis(1500), null, 3, QueueSettings.NONE);
        Duration[] seen = new Duration[1];
        transport.on("a", request -> {
            seen[0] = request.firstByteTimeout();
            return CompletableFuture.completedFuture(ScriptedTransport.reply(200, "ok"));
        });
        route(new Router(transport), new ModelAlias("m", List.of(new Target(pool("p", quick, "a"), "m"))));
        assertEquals(Duration.ofMillis(1500), seen[0]);
    }

    @Test
    void the_slot_of_every_failed_attempt_is_released() {
        transport.answer("a", 500, "x").fail("b", BackendFailure.Kind.CONNECT).answer("c", 429, "y");
        Pool pool = pool("p", "a", "b", "c");
        allFailed(new Router(transport).route(new ModelAlias("m", List.of(new Target(pool, "m"))), RouterTest::request));
        pool.endpoints().forEach(e -> assertEquals(0, e.inFlight(), e.toString()));
    }

    @Test
    void a_saturated_pool_with_a_queue_holds_the_request_until_a_slot_frees() throws Exception {
        PoolSettings queued = new PoolSettings(Location.ON_PREM, null, null, 3, new QueueSettings(8, Duration.ofSeconds(30)));
        Pool pool = new Pool("p", Protocol.OPENAI, List.of(endpoint("a", 1)), new RoundRobin(), null, queued);
        transport.answer("a", 200, "ok");
        ModelAlias alias = new ModelAlias("m", List.of(new Target(pool, "m")));
        Router router = new Router(transport);
        RoutedReply first = route(router, alias);
        CompletableFuture<RoutedReply> second = router.route(alias, new RouteHints("t", null, null, null, 0, 0),
                RouterTest::request);
        assertTrue(!second.isDone(), "waiting, not failed");
        assertEquals(List.of("a"), transport.calls);
        body(first); // the first answer ends and frees its slot
        assertEquals(200, second.get(5, TimeUnit.SECONDS).status());
        assertEquals(List.of("a", "a"), transport.calls);
    }
}
