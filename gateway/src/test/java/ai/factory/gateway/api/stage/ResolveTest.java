package ai.factory.gateway.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.ratelimit.OutputCeilings;
import ai.factory.products.TokenCounter;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.alias.Target;
import ai.factory.routing.balancing.RoundRobin;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ResolveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pool POOL = new Pool("gpu", Protocol.OPENAI,
            List.of(new Endpoint("gpu", URI.create("http://127.0.0.1:9"), 1, 4)), new RoundRobin());
    private static final ModelAlias CHAT = new ModelAlias("chat", List.of(new Target(POOL, "llama-8b", 4096)));

    private final GatewayConfig config = GatewayConfig.defaults();
    private final Resolve resolve = new Resolve(new RouteTable(List.of(CHAT), List.of(POOL)), new TokenCounter(),
            new PriceList(List.of()), config, new OutputCeilings(List.of(), config));

    private static Parsed parsed(Caller caller, String session, String body, Terms terms) throws Exception {
        Arrival arrival = new Arrival("req-1", System.nanoTime(), System.currentTimeMillis(), Context.root(), null,
                session, null, null, null, new AtomicBoolean());
        ParsedRequest request = ParsedRequest.parse(Operation.CHAT, body.getBytes(), JSON);
        return new Parsed(new Authenticated(arrival, caller), request, terms);
    }

    private static Caller caller(String... models) {
        return new Caller("t1", "k1", Set.of(models), null);
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]" + extra + "}";
    }

    @Test
    void an_unknown_model_is_a_404_model_not_found() throws Exception {
        GatewayError e = assertThrows(GatewayError.class,
                () -> resolve.apply(parsed(caller(), null, chat("nope", ""), Terms.API)));
        assertEquals(404, e.status());
        assertEquals("model_not_found", e.code());
    }

    @Test
    void a_model_the_key_may_not_use_is_a_403_model_not_allowed() throws Exception {
        GatewayError e = assertThrows(GatewayError.class,
                () -> resolve.apply(parsed(caller("other"), null, chat("chat", ""), Terms.API)));
        assertEquals(403, e.status());
        assertEquals("model_not_allowed", e.code());
    }

    @Test
    void a_session_id_with_forbidden_characters_is_refused_before_the_model_is_looked_up() throws Exception {
        // The model is unknown too: the session check comes first, so the answer is the session's 400.
        GatewayError e = assertThrows(GatewayError.class,
                () -> resolve.apply(parsed(caller(), "bad session\r\n", chat("nope", ""), Terms.API)));
        assertEquals(400, e.status());
    }

    @Test
    void max_tokens_beyond_the_models_context_is_a_400_before_anything_is_reserved() throws Exception {
        GatewayError e = assertThrows(GatewayError.class,
                () -> resolve.apply(parsed(caller(), null, chat("chat", ",\"max_tokens\":100000"), Terms.API)));
        assertEquals(400, e.status());
        assertEquals("max_tokens", e.param());
    }

    @Test
    void a_resolved_call_carries_the_alias_and_a_reservation_of_prompt_plus_max_tokens() throws Exception {
        Parsed parsed = parsed(caller("chat"), "s-1", chat("chat", ",\"max_tokens\":50"), Terms.API);
        Resolved resolved = resolve.apply(parsed);
        assertSame(CHAT, resolved.alias());
        assertSame(parsed, resolved.parsed());
        assertTrue(resolved.promptTokens() > 0);
        assertEquals(50, resolved.ceiling().outputTokens());
        assertEquals(resolved.ceiling().promptTokens() + 50, resolved.ceiling().tokens());
        assertTrue(resolved.admissionTried(), "a failure after resolution is the admission's to count");
    }

    @Test
    void a_products_output_ceiling_sizes_the_reservation_when_the_body_has_none() throws Exception {
        Terms product = new Terms("summarize", Optional.empty(), 64, answer -> true, null);
        Resolved resolved = resolve.apply(parsed(caller(), null, chat("chat", ""), product));
        assertEquals(64, resolved.ceiling().outputTokens());
        assertEquals("summarize", resolved.terms().product());
    }
}
