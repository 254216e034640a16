package ai.factory.gateway.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.error.GatewayError;
import ai.factory.products.TokenCounter;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.routing.balancing.PromptPrefix;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass reader against the tree reading it replaces: same numbers, same blocks, same bytes out. */
class OnePassReadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCounter TOKENS = new TokenCounter();

    private static final List<String> BODIES = List.of(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Hello there, how are you?\",\"name\":\"bob\"}]}",
            "{\"messages\":[{\"content\":[{\"type\":\"text\",\"text\":\"look at this\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}],\"role\":\"user\"}],\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{}}}]}",
            "{\"model\":\"m\",\"prompt\":\"Once upon a time \\u00e9t\\u00e9 \\\"quoted\\\"\",\"max_tokens\":7}",
            "{\"model\":\"m\",\"prompt\":[\"first prompt\",\"second\"],\"n\":2}",
            "{\"model\":\"m\",\"prompt\":[[1,2,3],[4]]}",
            "{\"model\":\"m\",\"input\":[\"embed me\",\"and me\"]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":null},{\"role\":\"assistant\",\"content\":5},\"odd\",{\"role\":\"user\",\"content\":\""
                    + "long text ".repeat(200) + "\"}]}");

    private static Operation op(String body) {
        return body.contains("\"messages\"") ? Operation.CHAT : body.contains("\"prompt\"") ? Operation.COMPLETIONS : Operation.EMBEDDINGS;
    }

    private static ParsedRequest parse(String body) {
        return ParsedRequest.parse(op(body), body.getBytes(StandardCharsets.UTF_8), JSON);
    }

    @Test
    void prompt_tokens_and_extras_match_the_tree_count() throws Exception {
        for (String body : BODIES) {
            JsonNode tree = JSON.readTree(body);
            ParsedRequest request = parse(body);
            assertEquals(TOKENS.prompt(tree), request.promptTokens(), body);
            long treeReservation = UsageCeiling.of(tree, TOKENS.prompt(tree), false, null, 100, 1_000_000, TOKENS::count).promptTokens();
            long oneReservation = UsageCeiling.of(request.fields(), request.promptTokens() + request.extraPromptTokens(), false,
                    null, 100, 1_000_000, TOKENS::count).promptTokens();
            // Schemas are counted from the client's own text, not a re-serialised tree: spacing may differ by a token.
            assertTrue(Math.abs(treeReservation - oneReservation) <= 2, body + ": " + treeReservation + " vs " + oneReservation);
        }
    }

    @Test
    void prefix_blocks_match_the_tree_rendering() throws Exception {
        for (String body : BODIES) {
            assertArrayEquals(PromptPrefix.blocks(JSON.readTree(body)), parse(body).prefixBlocks(), body);
        }
    }

    @Test
    void the_limits_numbers_are_read_without_the_prompt() {
        ParsedRequest request = parse("{\"model\":\"m\",\"temperature\":0,\"max_completion_tokens\":12,\"n\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"best_of\":\"x\"}");
        assertEquals(0.0, request.fields().get("temperature").asDouble());
        assertTrue(request.fields().get("temperature").isNumber());
        assertEquals(12, UsageCeiling.maxTokensField(request.fields()).asLong());
        assertEquals(3, request.fields().get("n").asInt());
        assertTrue(request.fields().get("best_of").isTextual(), "kept as sent, for UsageCeiling to refuse");
        assertFalse(request.fields().has("messages"));
    }

    @Test
    void the_served_model_is_written_into_the_clients_bytes() throws Exception {
        String body = "{ \"messages\" : [{\"role\":\"user\",\"content\":\"model\"}],\n  \"model\" : \"alias\", \"seed\": 7 }";
        byte[] out = parse(body).backendBody("served/\"x\"");
        assertEquals("{ \"messages\" : [{\"role\":\"user\",\"content\":\"model\"}],\n  \"model\" : \"served/\\\"x\\\"\", \"seed\": 7 }",
                new String(out, StandardCharsets.UTF_8));
        assertEquals("served/\"x\"", JSON.readTree(out).get("model").asText());
    }

    @Test
    void nothing_to_change_sends_the_clients_array_itself() {
        ParsedRequest request = parse("{\"model\":\"alias\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertSame(request.bytes(), request.backendBody("alias"));
    }

    @Test
    void a_stream_without_usage_asked_gets_stream_options_added_first() throws Exception {
        ParsedRequest request = parse("{\"model\":\"alias\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        assertFalse(request.clientWantsUsage());
        String out = new String(request.backendBody("served"), StandardCharsets.UTF_8);
        assertEquals("{\"stream_options\":{\"include_usage\":true},\"model\":\"served\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", out);
    }

    @Test
    void stream_options_of_any_shape_is_replaced_wherever_it_stands() throws Exception {
        for (String options : new String[] {"{\"include_usage\":false,\"x\":[1]}", "null", "12.5e3", "\"yes\"", "[1,{}]", "false"}) {
            String body = "{\"model\":\"alias\",\"stream_options\":" + options + ",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            ObjectNode sent = (ObjectNode) JSON.readTree(parse(body).backendBody("served"));
            assertEquals("{\"include_usage\":true}", sent.get("stream_options").toString(), options);
            assertEquals("served", sent.get("model").asText());
            assertEquals(4, sent.size(), options);
        }
    }

    @Test
    void a_client_that_asked_for_usage_keeps_its_stream_options() {
        String body = "{\"model\":\"alias\",\"stream\":true,\"stream_options\":{\"include_usage\":true,\"extra\":1},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        ParsedRequest request = parse(body);
        assertTrue(request.clientWantsUsage());
        assertEquals(body, new String(request.backendBody("alias"), StandardCharsets.UTF_8));
    }

    @Test
    void a_field_given_twice_is_a_400_naming_it() {
        for (String field : new String[] {"model", "stream", "messages", "max_tokens", "seed"}) {
            String body = "{\"model\":\"a\",\"stream\":false,\"max_tokens\":5,\"seed\":1,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\""
                    + field + "\":" + (field.equals("model") ? "\"b\"" : field.equals("messages") ? "\"x\"" : "true") + "}";
            GatewayError error = assertThrows(GatewayError.class, () -> parse(body));
            assertEquals(400, error.status());
            assertEquals(field, error.param());
        }
    }

    @Test
    void a_nested_field_given_twice_is_a_400_naming_its_path() {
        GatewayError role = assertThrows(GatewayError.class,
                () -> parse("{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                        + "{\"role\":\"user\",\"role\":\"system\",\"content\":\"x\"}]}"));
        assertEquals(400, role.status());
        assertEquals("messages[1].role", role.param());
        assertEquals("'role' appears more than once in the request body (at messages[1].role)", role.getMessage());
        // Inside a value the reader skips unread (a tool's parameters schema), too.
        GatewayError property = assertThrows(GatewayError.class, () -> parse("{\"model\":\"a\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"},\"x\":{\"type\":\"number\"}}}}}]}"));
        assertEquals("tools[0].function.parameters.properties.x", property.param());
    }

    @Test
    void nested_keys_that_only_look_alike_are_read() {
        ParsedRequest request = parse("{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"Role\":\"system\",\"content\":\"x\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"y\"},{\"type\":\"text\",\"text\":\"z\"}]}]}");
        assertEquals("a", request.model());
    }

    @Test
    void a_body_built_as_a_tree_reads_and_splices_the_same() throws Exception {
        ObjectNode tree = (ObjectNode) JSON.readTree("{\"model\":\"alias\",\"stream\":true,\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ParsedRequest built = new ParsedRequest(Operation.CHAT, tree, "alias", true);
        assertEquals(TOKENS.prompt(tree), built.promptTokens());
        JsonNode sent = JSON.readTree(built.backendBody("served"));
        assertEquals("served", sent.get("model").asText());
        assertTrue(sent.at("/stream_options/include_usage").asBoolean());
        assertSame(tree, built.body());
        assertEquals("alias", tree.get("model").asText(), "the caller's tree is not changed");
    }

    @Test
    void invalid_required_fields_keep_their_messages() {
        assertEquals("'messages' must be an array of messages", assertThrows(GatewayError.class,
                () -> parse("{\"model\":\"m\",\"messages\":{\"a\":1}}")).getMessage());
        assertEquals("'messages' is required for /v1/chat/completions", assertThrows(GatewayError.class,
                () -> parse("{\"model\":\"m\",\"messages\":[ ]}")).getMessage());
        assertEquals("'user' must be a string", assertThrows(GatewayError.class,
                () -> parse("{\"model\":\"m\",\"user\":1,\"messages\":[{}]}")).getMessage());
        assertEquals("'stream' must be true or false", assertThrows(GatewayError.class,
                () -> parse("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{}]}")).getMessage());
        assertEquals("request body must be a JSON object", assertThrows(GatewayError.class,
                () -> parse("[1,2]")).getMessage());
        assertTrue(assertThrows(GatewayError.class,
                () -> parse("[1,2")).getMessage().contains("not valid JSON"));
    }
}
