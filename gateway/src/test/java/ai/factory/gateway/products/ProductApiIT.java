package ai.factory.gateway.products;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import ai.factory.products.OutputCheck;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every product works end to end through the gateway and the emulator, on the same request path as the OpenAI API. */
class ProductApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProductCatalog CATALOG = ProductCatalog.load();

    // wm scripts the model's answers for the repair test, on a second instance whose chat-default goes there.
    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .wiremock("wm")
            .alias("chat-default", "gpu")
            .alias("chat-large", "gpu")
            .alias("embed-default", "gpu")
            .tenant("acme")
            .tenant("no-sql")
            .build();

    static Stream<String> products() {
        return CATALOG.all().stream().map(Product::id);
    }

    static Stream<String> streamingProducts() {
        return CATALOG.all().stream().filter(Product::streaming).map(Product::id);
    }

    private static String invocation(Product product, boolean stream) throws Exception {
        return JSON.writeValueAsString(Map.of("input", product.examples().get(0).input(), "stream", stream));
    }

    @Test
    void catalog_lists_at_least_22_products_with_their_schemas(GatewayApp app, @Key("acme") String key)
            throws Exception {
        JsonNode list = JSON.readTree(app.get("/v1/products", key).body());
        assertTrue(list.get("data").size() >= 22, list.toString());
        for (JsonNode product : list.get("data")) {
            assertEquals("object", product.at("/input_schema/type").asText(), "listing carries the input schema: " + product);
        }
        JsonNode listedInvoice = list.get("data").findParents("id").stream()
                .filter(p -> p.get("id").asText().equals("invoice-extract")).findFirst().orElseThrow();
        assertEquals("object", listedInvoice.at("/output_schema/type").asText());
        JsonNode detail = JSON.readTree(app.get("/v1/products/invoice-extract", key).body());
        assertEquals("object", detail.at("/input_schema/type").asText());
        assertEquals("object", detail.at("/output_schema/type").asText());
        assertEquals(404, app.get("/v1/products/no-such-product", key).statusCode());
    }

    @ParameterizedTest
    @MethodSource("products")
    void every_product_answers_its_first_example_with_a_valid_output(String id, GatewayApp app, @Key("acme") String key)
            throws Exception {
        Product product = CATALOG.find(id).orElseThrow();
        HttpResponse<String> response = app.post("/v1/products/" + id + "/invoke", key, invocation(product, false));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(id, body.get("product").asText());
        assertEquals("product.invocation", body.get("object").asText());
        assertTrue(body.at("/usage/total_tokens").asLong() > 0 || body.at("/usage/prompt_tokens").asLong() > 0, response.body());
        JsonNode output = body.get("output");
        assertFalse(output == null || output.isNull(), response.body());
        if (product.output().schema().isPresent()) {
            assertTrue(OutputCheck.check(product, JSON.writeValueAsString(output)) instanceof OutputCheck.Valid,
                    "output matches the product's schema: " + output);
        }
    }

    @ParameterizedTest
    @MethodSource("streamingProducts")
    void streaming_products_stream_openai_chunks(String id, GatewayApp app, @Key("acme") String key) throws Exception {
        Product product = CATALOG.find(id).orElseThrow();
        HttpResponse<String> response = app.post("/v1/products/" + id + "/invoke", key, invocation(product, true));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.body().contains("chat.completion.chunk"));
        assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
    }

    @Test
    void bad_input_gets_400_listing_every_violation_with_its_pointer(GatewayApp app, @Key("acme") String key)
            throws Exception {
        HttpResponse<String> response = app.post("/v1/products/translate/invoke", key, Bodies.object()
                .put("input", Map.of("text", 42, "unexpected", true)).put("options", Map.of("temperature", 9)).json());
        assertEquals(400, response.statusCode(), response.body());
        String message = JSON.readTree(response.body()).at("/error/message").asText();
        assertTrue(message.contains("/input/text"), message);
        assertTrue(message.contains("/options/temperature"), message);
        assertEquals(400, app.post("/v1/products/summarize/invoke", key,
                Bodies.object().put("stream", true).json()).statusCode());
    }

    @Test
    void a_product_the_tenant_is_not_entitled_to_is_hidden_and_refused(
            GatewayApp app, @Key("acme") String key, @Key("no-sql") String other) throws Exception {
        Admin.call(app, "PUT", "/admin/tenants/no-sql/products/sql-from-text", "{\"enabled\":false}");
        JsonNode list = JSON.readTree(app.get("/v1/products", other).body());
        assertTrue(list.get("data").findValuesAsText("id").stream().noneMatch("sql-from-text"::equals));
        HttpResponse<String> refused = app.post("/v1/products/sql-from-text/invoke", other,
                invocation(CATALOG.find("sql-from-text").orElseThrow(), false));
        assertEquals(403, refused.statusCode());
        assertEquals("product_not_entitled", JSON.readTree(refused.body()).at("/error/code").asText());
        assertEquals(200, app.get("/v1/products/sql-from-text", key).statusCode(), "other tenants keep it");
    }

    private static String chatAnswer(String content) throws Exception {
        return JSON.writeValueAsString(Map.of("id", "x", "object", "chat.completion", "model", "wm",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", 50, "completion_tokens", 10, "total_tokens", 60)));
    }

    @Test
    void invalid_json_answer_is_repaired_once_and_then_succeeds_or_fails_with_502(@Pool("wm") WireMockServer wiremock)
            throws Exception {
        GatewayApp scripted = gw.anotherInstance(Map.of("gateway.models.chat-default.targets[0].pool", "wm"));
        // Its own tenant: the response cache is shared through Redis and keyed by tenant.
        String tenantKey = scripted.newKey("acme-scripted", List.of());
        Product sentiment = CATALOG.find("sentiment").orElseThrow();
        String valid = JSON.writeValueAsString(sentiment.examples().get(0).output());

        wiremock.stubFor(post("/v1/chat/completions").inScenario("repair").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withHeader("content-type", "application/json").withBody(chatAnswer("not json at all")))
                .willSetStateTo("asked-again"));
        wiremock.stubFor(post("/v1/chat/completions").inScenario("repair").whenScenarioStateIs("asked-again")
                .willReturn(aResponse().withHeader("content-type", "application/json").withBody(chatAnswer(valid))));
        HttpResponse<String> repaired = scripted.post("/v1/products/sentiment/invoke", tenantKey, invocation(sentiment, false));
        assertEquals(200, repaired.statusCode(), repaired.body());
        assertEquals(JSON.readTree(valid), JSON.readTree(repaired.body()).get("output"));
        assertEquals(120, JSON.readTree(repaired.body()).at("/usage/total_tokens").asLong(), "both calls are billed");
        JsonNode repairCall = JSON.readTree(wiremock.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertTrue(repairCall.get("messages").toString().contains("does not match the required JSON schema"));

        wiremock.resetAll();
        wiremock.stubFor(post("/v1/chat/completions").willReturn(aResponse()
                .withHeader("content-type", "application/json").withBody(chatAnswer("{\"label\":\"ecstatic\"}"))));
        HttpResponse<String> failed = scripted.post("/v1/products/sentiment/invoke", tenantKey, invocation(sentiment, false));
        assertEquals(502, failed.statusCode(), failed.body());
        assertEquals("invalid_model_output", JSON.readTree(failed.body()).at("/error/code").asText());
        assertEquals(2, wiremock.getAllServeEvents().size(), "exactly one repair attempt");
    }
}
