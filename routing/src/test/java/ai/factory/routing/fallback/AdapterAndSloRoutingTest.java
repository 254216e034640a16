package ai.factory.routing.fallback;

import static ai.factory.routing.support.TestEndpoints.endpoint;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.alias.Adapter;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.balancing.LoraAffinity;
import ai.factory.routing.balancing.RoundRobin;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.slo.SloAdmission;
import ai.factory.routing.slo.SloGate;
import ai.factory.routing.slo.TierObjective;
import ai.factory.routing.slo.WaitPredictor;
import ai.factory.routing.support.ScriptedTransport;
import ai.factory.routing.tenant.TenantRules;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdapterAndSloRoutingTest {

    private final ScriptedTransport transport = new ScriptedTransport().answer("a", 200, "ok").answer("b", 200, "ok")
            .answer("c", 200, "ok").answer("d", 200, "ok").answer("cloud", 200, "ok");
    private final List<String> askedFor = new CopyOnWriteArrayList<>();

    private BackendRequest request(Target target) {
        askedFor.add(target.servedModel());
        return new BackendRequest("/v1/chat/completions", "{}".getBytes(StandardCharsets.UTF_8), false, Map.of(),
                Duration.ofSeconds(5), Context.root());
    }

    private static RouteHints hints(String tier, Adapter adapter) {
        return new RouteHints("t", null, null, new long[0], 0, 0, tier, adapter);
    }

    @Test
    void an_adapter_request_asks_the_base_models_pool_for_the_adapter_and_stays_on_one_server() throws Exception {
        List<Endpoint> endpoints = List.of(endpoint("a", 8), endpoint("b", 8), endpoint("c", 8), endpoint("d", 8));
        Pool gpu = new Pool("gpu", Protocol.OPENAI, endpoints, new LoraAffinity());
        Pool cloud = new Pool("cloud", Protocol.OPENAI, List.of(endpoint("cloud", 8)), new RoundRobin());
        ModelAlias alias = new ModelAlias("chat", List.of(new Target(cloud, "gpt-4o-mini"), new Target(gpu, "llama-8b")));
        Router router = new Router(transport);
        Set<Endpoint> chosen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            RoutedReply reply = router.route(alias, hints(null, new Adapter("contract-lora", "llama-8b")), this::request)
                    .get(5, TimeUnit.SECONDS);
            assertEquals("contract-lora", reply.target().servedModel());
            chosen.add(reply.endpoint());
            reply.release();
        }
        assertEquals(List.of("contract-lora", "contract-lora", "contract-lora", "contract-lora", "contract-lora"), askedFor,
                "the cloud target does not run the base and is skipped");
        assertEquals(1, chosen.size(), "lora-affinity keeps an idle adapter on its first server");
    }

    @Test
    void a_shed_lower_tier_falls_back_to_the_next_target_and_when_none_is_left_fails_as_shed_without_a_call()
            throws Exception {
        Endpoint busy = endpoint("a", 100);
        Pool gpu = new Pool("gpu", Protocol.OPENAI, List.of(busy), new RoundRobin(), null, PoolSettings.defaults());
        load(busy, 8); // four waves ahead on 2 slots: 4 s predicted
        SloGate gate = new SloGate(new SloAdmission(List.of(new TierObjective("enterprise", Duration.ofSeconds(5), 2),
                new TierObjective("free", Duration.ofMillis(200), 0)), 0.5), new WaitPredictor(2, 1000, 1000), 20);
        Router router = new Router(Map.of(Protocol.OPENAI, transport), TenantRules.NONE, Map.of("gpu", gate));
        ModelAlias gpuOnly = new ModelAlias("chat", List.of(new Target(gpu, "llama-8b")));

        ExecutionException e = assertThrows(ExecutionException.class,
                () -> router.route(gpuOnly, hints("free", null), this::request).get(5, TimeUnit.SECONDS));
        AllTargetsFailed failed = assertInstanceOf(AllTargetsFailed.class, e.getCause());
        assertEquals(BackendFailure.Kind.SHED, failed.last().kind());
        assertEquals("4", failed.last().retryAfter());
        assertTrue(transport.calls.isEmpty(), "nothing was sent");

        RoutedReply enterprise = router.route(gpuOnly, hints("enterprise", null), this::request).get(5, TimeUnit.SECONDS);
        assertEquals(200, enterprise.status());
        enterprise.release();

        Pool cloud = new Pool("cloud", Protocol.OPENAI, List.of(endpoint("cloud", 8)), new RoundRobin());
        ModelAlias withFallback = new ModelAlias("chat", List.of(new Target(gpu, "llama-8b"), new Target(cloud, "gpt-4o-mini")));
        RoutedReply fallback = router.route(withFallback, hints("free", null), this::request).get(5, TimeUnit.SECONDS);
        assertEquals("cloud", fallback.target().pool().name());
        assertEquals(1, fallback.failedAttempts().size());
        fallback.release();
    }

    @Test
    void a_completed_stream_teaches_the_pools_wait_predictor_its_slot_time_and_a_whole_answer_does_not() throws Exception {
        Pool gpu = new Pool("gpu", Protocol.OPENAI, List.of(endpoint("a", 8)), new RoundRobin());
        WaitPredictor predictor = new WaitPredictor(2, 1000, 1000);
        SloGate gate = new SloGate(new SloAdmission(List.of(new TierObjective("free", Duration.ofSeconds(4), 0)), 0.5),
                predictor, 20);
        Router router = new Router(Map.of(Protocol.OPENAI, transport), TenantRules.NONE, Map.of("gpu", gate));
        ModelAlias alias = new ModelAlias("chat", List.of(new Target(gpu, "llama-8b")));

        RoutedReply whole = router.route(alias, hints("free", null), this::request).get(5, TimeUnit.SECONDS);
        whole.body().blockLast(Duration.ofSeconds(5));
        assertEquals(1000, predictor.serviceMillis(), "a whole answer's slot time is unknown: nothing learnt");

        RoutedReply stream = router.route(alias, hints("free", null), target -> new BackendRequest("/v1/chat/completions",
                "{}".getBytes(StandardCharsets.UTF_8), true, Map.of(), Duration.ofSeconds(5), Context.root()))
                .get(5, TimeUnit.SECONDS);
        stream.body().blockLast(Duration.ofSeconds(5));
        assertTrue(predictor.serviceMillis() < 1000, "a stream answered at once lowers the learnt service time: "
                + predictor.serviceMillis());
    }
}
