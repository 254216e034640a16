package ai.factory.products;

import static ai.factory.products.TestProducts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From an invoke body's input and options to a backend request, or to every reason there is none. */
class ProductRequestTest {

    private static final ProductCatalog CATALOG = ProductCatalog.load();

    private static Product product(String id) {
        return CATALOG.find(id).orElseThrow();
    }

    private static List<Violation> rejected(PreparedCall call) {
        return assertInstanceOf(PreparedCall.Rejected.class, call, () -> "expected a rejection: " + call).violations();
    }

    private static PreparedCall.Ready ready(PreparedCall call) {
        return assertInstanceOf(PreparedCall.Ready.class, call, () -> "expected a call: " + call);
    }

    private static List<String> pointers(List<Violation> violations) {
        return violations.stream().map(Violation::pointer).sorted().toList();
    }

    @Test
    void rejects_input_with_every_violation_pointer() {
        JsonNode input = json("""
                {"length": "tiny", "format": "bullets", "focus": 7, "colour": "red"}""");
        List<Violation> violations = rejected(ProductRequest.prepare(product("summarize"), input, null));
        assertEquals(List.of("/input/colour", "/input/focus", "/input/length", "/input/text"), pointers(violations));
        assertTrue(violations.stream().allMatch(v -> !v.message().isBlank()));
    }

    @Test
    void points_into_nested_arrays_of_the_input() {
        JsonNode input = json("""
                {"text": "x", "labels": [{"name": "a"}, {"description": "no name"}]}""");
        List<Violation> violations = rejected(ProductRequest.prepare(product("classify"), input, null));
        assertEquals(List.of("/input/labels/1/name"), pointers(violations));
    }

    @Test
    void rejects_a_missing_or_non_object_input() {
        assertEquals(List.of("/input"), pointers(rejected(ProductRequest.prepare(product("summarize"), null, null))));
        assertEquals(List.of("/input"), pointers(rejected(ProductRequest.prepare(product("summarize"), json("\"text\""), null))));
    }

    @Test
    void rejects_options_outside_their_bounds_instead_of_clamping_them() {
        JsonNode options = json("""
                {"temperature": 1.5, "max_tokens": 10, "top_p": "high", "seed": 3}""");
        List<Violation> violations = rejected(ProductRequest.prepare(product("summarize"), json("{\"text\": \"x\"}"), options));
        assertEquals(List.of("/options/max_tokens", "/options/seed", "/options/temperature", "/options/top_p"), pointers(violations));
        assertTrue(violations.contains(new Violation("/options/temperature",
                "must be a number between 0 and 1 for product 'summarize' (got 1.5)")), violations.toString());
        assertTrue(violations.contains(new Violation("/options/max_tokens",
                "must be a whole number between 50 and 2000 for product 'summarize' (got 10)")), violations.toString());
        assertTrue(violations.contains(new Violation("/options/seed",
                "is not an option of product 'summarize'; allowed: temperature, top_p, max_tokens")), violations.toString());
    }

    @Test
    void reports_input_and_option_violations_together() {
        List<Violation> violations = rejected(ProductRequest.prepare(product("summarize"), json("{}"), json("{\"temperature\": -1}")));
        assertEquals(List.of("/input/text", "/options/temperature"), pointers(violations));
    }

    @Test
    void rejects_fractional_whole_number_options_and_non_object_options() {
        assertEquals(List.of("/options/max_tokens"), pointers(rejected(ProductRequest.prepare(
                product("summarize"), json("{\"text\": \"x\"}"), json("{\"max_tokens\": 100.5}")))));
        assertEquals(List.of("/options"), pointers(rejected(ProductRequest.prepare(
                product("summarize"), json("{\"text\": \"x\"}"), json("[1]")))));
    }

    @Test
    void options_at_the_bounds_override_the_defaults() {
        PreparedCall.Ready call = ready(ProductRequest.prepare(product("summarize"), json("{\"text\": \"x\"}"),
                json("{\"temperature\": 1, \"max_tokens\": 50}")));
        assertEquals(1.0, call.body().get("temperature").doubleValue());
        assertEquals(50, call.body().get("max_tokens").intValue());
        assertTrue(call.body().get("max_tokens").isIntegralNumber(), "max_tokens is sent as an integer");
        assertEquals(1.0, call.body().get("top_p").doubleValue(), "defaults stay for options not given");
        assertEquals(50, call.maxOutputTokens());
    }

    @Test
    void builds_a_chat_completions_body_with_the_alias_both_messages_and_the_defaults() {
        PreparedCall.Ready call = ready(ProductRequest.prepare(product("summarize"), json("{\"text\": \"Cats sleep a lot.\"}"), null));
        ObjectNode body = call.body();
        assertEquals("/v1/chat/completions", call.endpoint());
        assertEquals(List.of("model", "messages", "temperature", "top_p", "max_tokens"), fieldNames(body));
        assertEquals("chat-default", body.get("model").asText());
        assertEquals("system", body.at("/messages/0/role").asText());
        assertEquals("user", body.at("/messages/1/role").asText());
        assertTrue(body.at("/messages/1/content").asText().contains("<document>\nCats sleep a lot.\n</document>"));
        assertEquals(0.2, body.get("temperature").doubleValue());
        assertEquals(600, body.get("max_tokens").intValue());
        assertEquals(600, call.maxOutputTokens());
        assertTrue(call.inputTokens() > 5);
    }

    @Test
    void json_products_ask_for_their_schema_in_strict_mode() {
        Product sentiment = product("sentiment");
        PreparedCall.Ready call = ready(ProductRequest.prepare(sentiment, json("{\"text\": \"Great!\"}"), null));
        JsonNode format = call.body().get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals("sentiment", format.at("/json_schema/name").asText());
        assertTrue(format.at("/json_schema/strict").booleanValue());
        assertEquals(sentiment.output().schema().orElseThrow(), format.at("/json_schema/schema"));
    }

    @Test
    void a_changed_request_body_does_not_change_the_next_one() {
        Product sentiment = product("sentiment");
        ObjectNode first = ready(ProductRequest.prepare(sentiment, json("{\"text\": \"ok\"}"), null)).body();
        ((ObjectNode) first.at("/response_format/json_schema/schema")).removeAll();
        ObjectNode second = ready(ProductRequest.prepare(sentiment, json("{\"text\": \"ok\"}"), null)).body();
        assertEquals(sentiment.output().schema().orElseThrow(), second.at("/response_format/json_schema/schema"));
    }

    @Test
    void embed_builds_an_embeddings_body() {
        PreparedCall.Ready call = ready(ProductRequest.prepare(product("embed"),
                json("{\"texts\": [\"first passage\", \"second passage\"]}"), null));
        assertEquals("/v1/embeddings", call.endpoint());
        assertEquals(json("{\"model\": \"embed-default\", \"input\": [\"first passage\", \"second passage\"]}"), call.body());
        assertEquals(0, call.maxOutputTokens());
        assertTrue(call.inputTokens() >= 4);
    }

    @Test
    void embed_takes_no_options() {
        List<Violation> violations = rejected(ProductRequest.prepare(product("embed"),
                json("{\"texts\": [\"x\"]}"), json("{\"temperature\": 0}")));
        assertEquals(List.of(new Violation("/options/temperature", "is not an option of product 'embed'; it takes none")), violations);
    }

    @Test
    void cache_lifetime_follows_the_policy_and_the_temperature_sent() {
        JsonNode text = json("{\"text\": \"Hello\", \"target_language\": \"vi\"}");
        assertEquals(Optional.of(Duration.ofDays(7)), ready(ProductRequest.prepare(product("translate"), text, null)).cacheTtl());
        assertEquals(Optional.empty(), ready(ProductRequest.prepare(product("translate"), text, json("{\"temperature\": 0.5}"))).cacheTtl(),
                "translate does not cache sampled answers");
        assertEquals(Optional.of(Duration.ofDays(1)), ready(ProductRequest.prepare(product("summarize"),
                json("{\"text\": \"x\"}"), json("{\"temperature\": 0.5}"))).cacheTtl(), "summarize caches them");
        assertEquals(Optional.empty(), ready(ProductRequest.prepare(product("chat-assistant"),
                json("{\"message\": \"hi\"}"), json("{\"temperature\": 0}"))).cacheTtl(), "chat is never cached");
        assertEquals(Optional.of(Duration.ofDays(30)), ready(ProductRequest.prepare(product("embed"),
                json("{\"texts\": [\"x\"]}"), null)).cacheTtl(), "embeddings are deterministic");
    }

    @Test
    void rejects_input_over_the_character_limit(@TempDir Path dir) {
        Product tiny = TestProducts.load(dir, TestProducts.TEXT);
        JsonNode input = json("{\"text\": \"" + "é".repeat(60) + "\", \"author\": {\"name\": \"" + "n".repeat(41) + "\"}}");
        List<Violation> violations = rejected(ProductRequest.prepare(tiny, input, null));
        assertEquals(List.of(new Violation("/input", "has 101 characters; product 'tiny' accepts at most 100")), violations);
    }

    @Test
    void rejects_input_over_the_token_limit(@TempDir Path dir) {
        Product tiny = TestProducts.load(dir, TestProducts.TEXT);
        // 99 characters, under the character limit, but far more than 40 tokens once tokenised.
        String text = "x ".repeat(49) + "x";
        List<Violation> violations = rejected(ProductRequest.prepare(tiny, json("{\"text\": \"" + text + "\"}"), null));
        assertEquals(1, violations.size());
        assertEquals("/input", violations.get(0).pointer());
        assertTrue(violations.get(0).message().matches("is \\d+ tokens once rendered; product 'tiny' accepts at most 40"),
                violations.get(0).message());
    }

    @Test
    void counts_tokens_of_the_rendered_user_message(@TempDir Path dir) {
        Product tiny = TestProducts.load(dir, TestProducts.TEXT);
        PreparedCall.Ready call = ready(ProductRequest.prepare(tiny, json("{\"text\": \"hello\"}"), null));
        String user = call.body().at("/messages/1/content").asText();
        assertEquals("Echo this for :\n<document>\nhello\n</document>", user);
        assertEquals(new TokenCounter().countExactly(user), call.inputTokens());
        assertFalse(call.body().has("response_format"), "text products ask for no response format");
    }

    private static List<String> fieldNames(ObjectNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
