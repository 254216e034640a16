package ai.factory.gateway.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.gateway.accounting.UsageMeter;
import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.ratelimit.Reservation;
import ai.factory.products.TokenCounter;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.balancing.RoundRobin;
import ai.factory.routing.fallback.Router;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class RouteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the backend was sent; answers 200 with an empty body. */
    private final AtomicReference<BackendRequest> sent = new AtomicReference<>();
    private GatewayConfig config = GatewayConfig.defaults();

    private Routed route(String poolKey, String clientRequestId) throws Exception {
        Pool pool = new Pool("gpu", Protocol.OPENAI, List.of(new Endpoint("gpu", URI.create("http://127.0.0.1:9"), 1, 4)),
                new RoundRobin(), poolKey);
        ModelAlias alias = new ModelAlias("chat", List.of(new Target(pool, "llama-8b-instruct")));
        Router router = new Router((endpoint, request) -> {
            sent.set(request);
            return CompletableFuture.completedFuture(new BackendReply(200, Map.of(), Flux.empty()));
        });
        Arrival arrival = new Arrival("gw-req-1", System.nanoTime(), System.currentTimeMillis(), Context.root(), null,
                null, clientRequestId, null, null, new AtomicBoolean());
        ParsedRequest request = ParsedRequest.parse(Operation.CHAT,
                "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":7}".getBytes(), JSON);
        Parsed parsed = new Parsed(new Authenticated(arrival, new Caller("t1", "k1", Set.of(), null)), request, Terms.API);
        Resolved resolved = new Resolved(parsed, alias, 5, new UsageCeiling(5, 10), 0);
        Admitted admitted = new Admitted(resolved, Reservation.unlimited("gw-req-1"), Reached.NO_CACHE,
                new UsageMeter(JSON, new TokenCounter(), 5, false));
        return new Route(router, config).apply(admitted).get(5, TimeUnit.SECONDS);
    }

    @Test
    void the_backend_gets_the_clients_body_under_the_pools_model_name_and_unknown_fields_untouched() throws Exception {
        Routed routed = route(null, null);
        JsonNode body = JSON.readTree(sent.get().body());
        assertEquals("llama-8b-instruct", body.get("model").asText());
        assertEquals(7, body.get("seed").asInt());
        assertEquals("/v1/chat/completions", sent.get().path());
        assertEquals(200, routed.reply().status());
        assertSame(routed.admitted().reservation(), routed.reservation());
    }

    @Test
    void the_backend_sees_the_gateways_request_id_with_the_clients_beside_it() throws Exception {
        route(null, "client-42");
        assertEquals("gw-req-1", sent.get().headers().get("x-request-id"));
        assertEquals("client-42", sent.get().headers().get("x-client-request-id"));
        assertNull(sent.get().headers().get("authorization"));
    }

    @Test
    void a_pool_with_an_api_key_sends_it_as_a_bearer_token_within_the_first_byte_timeout() throws Exception {
        config = new GatewayConfig(null, Duration.ofMillis(1234), null, null, null, null, null);
        route("sk-pool", null);
        assertEquals("Bearer sk-pool", sent.get().headers().get("authorization"));
        assertEquals(Duration.ofMillis(1234), sent.get().firstByteTimeout());
    }
}
