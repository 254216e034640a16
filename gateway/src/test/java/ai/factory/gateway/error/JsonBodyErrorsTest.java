package ai.factory.gateway.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.request.StrictJsonReads;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.json.JsonSyntaxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a body Jackson refused is told to the client, read through the gateway's strict mapper. */
class JsonBodyErrorsTest {

    private static final ObjectMapper STRICT = StrictJsonReads.strict(new ObjectMapper());

    private static IOException refusal(String body) {
        return assertThrows(IOException.class, () -> STRICT.readTree(body));
    }

    @Test
    void a_key_sent_twice_is_named_in_param_and_message() {
        GatewayError error = JsonBodyErrors.invalid(refusal("{\"name\":\"s1\",\"url\":\"u\",\"name\":\"s2\"}"));
        assertEquals(400, error.status());
        assertEquals("invalid_request_error", error.type());
        assertEquals("name", error.param());
        assertEquals("'name' appears more than once in the request body", error.getMessage());
    }

    @Test
    void a_nested_key_sent_twice_is_named_too_and_found_through_micronauts_wrapper() {
        JsonSyntaxException wrapped = new JsonSyntaxException(refusal("{\"tenants\":{\"acme\":[],\"acme\":[\"*\"]}}"));
        GatewayError error = JsonBodyErrors.invalid(wrapped);
        assertEquals("tenants.acme", error.param());
        assertEquals("'acme' appears more than once in the request body (at tenants.acme)", error.getMessage());
    }

    @Test
    void the_path_of_a_key_twice_counts_array_elements() {
        GatewayError error = JsonBodyErrors.invalid(refusal("{\"input\":[{\"a\":1},[{\"text\":\"x\",\"text\":\"y\"}]]}"));
        assertEquals("input[1][0].text", error.param());
        assertEquals("text", JsonBodyErrors.duplicateKey(refusal("{\"input\":[{\"text\":\"x\",\"text\":\"y\"}]}")));
    }

    @Test
    void a_typed_read_refuses_a_key_twice_as_a_binding_would() {
        assertThrows(IOException.class, () -> STRICT.readValue("{\"a\":1,\"a\":2}", Map.class));
        assertEquals(Map.of("a", 1), readMap("{\"a\":1}"));
    }

    @Test
    void the_echoed_key_is_cut_and_has_no_control_characters() {
        String key = "k\\u0007" + "x".repeat(500);
        String named = JsonBodyErrors.duplicateKey(refusal("{\"" + key + "\":1,\"" + key + "\":2}"));
        assertEquals("k" + "x".repeat(63), named);
    }

    @Test
    void a_body_that_is_not_json_says_so_without_a_param() {
        GatewayError error = JsonBodyErrors.invalid(refusal("{\"name\":"));
        assertNull(error.param());
        assertTrue(error.getMessage().startsWith("request body is not valid JSON: "), error.getMessage());
        assertNull(JsonBodyErrors.duplicateKey(refusal("{\"name\":")));
    }

    @Test
    void a_failure_with_no_json_in_it_is_not_a_json_body_error() {
        assertNull(JsonBodyErrors.of(new IllegalStateException("no")));
    }

    @Test
    void streaming_parsers_from_the_factory_stay_lenient_for_the_hot_path() throws IOException {
        try (var parser = STRICT.getFactory().createParser("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8))) {
            while (parser.nextToken() != null) {
                // reads to the end without a refusal
            }
        }
    }

    private static Object readMap(String body) {
        try {
            return STRICT.readValue(body, Map.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    record Named(String name, int count) {
    }

    record Outer(Map<String, Object> inner) {
    }

    private static IOException bindRefusal(String body, Class<?> type) {
        return assertThrows(IOException.class, () -> STRICT.readValue(body, type));
    }

    @Test
    void a_key_sent_twice_inside_a_bound_body_is_still_named_with_its_path() {
        IOException wrapped = bindRefusal("{\"inner\":{\"x\":1,\"x\":2}}", Outer.class);
        GatewayError error = JsonBodyErrors.of(wrapped);
        assertEquals("inner.x", error.param(), error.getMessage());
        assertEquals("'x' appears more than once in the request body (at inner.x)", error.getMessage());
    }

    @Test
    void valid_json_of_the_wrong_shape_names_the_path_and_the_kind_but_no_class() {
        GatewayError field = JsonBodyErrors.of(bindRefusal("{\"name\":[1]}", Named.class));
        assertEquals("name", field.param());
        assertEquals("request body does not have the expected shape at 'name': expected a string", field.getMessage());
        GatewayError number = JsonBodyErrors.of(bindRefusal("{\"count\":\"many\"}", Named.class));
        assertEquals("request body does not have the expected shape at 'count': expected a number", number.getMessage());
        GatewayError root = JsonBodyErrors.of(bindRefusal("[1]", Named.class));
        assertNull(root.param());
        assertEquals("request body does not have the expected shape: expected an object", root.getMessage());
    }

    record Tree(Map<String, Tree> kids, String name) {
    }

    @Test
    void a_long_path_to_the_wrong_value_is_cut_as_a_duplicates_is() {
        String key = "k".repeat(5000);
        StringBuilder body = new StringBuilder();
        for (int level = 0; level < 6; level++) {
            body.append("{\"kids\":{\"").append(key).append(level).append("\":");
        }
        body.append("{\"name\":{}}").append("}}".repeat(6));
        GatewayError error = JsonBodyErrors.of(bindRefusal(body.toString(), Tree.class));
        assertEquals(200, error.param().length(), error.param());
        assertTrue(error.param().startsWith("kids." + "k".repeat(64) + ".kids."), error.param());
        assertTrue(error.getMessage().length() < 300, error.getMessage());
        assertTrue(error.getMessage().endsWith("': expected a string"), error.getMessage());
    }
}
