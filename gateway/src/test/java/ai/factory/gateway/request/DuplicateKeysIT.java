package ai.factory.gateway.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.mcp.JsonRpc;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A JSON key sent twice is refused with a 400 naming it on every body the gateway reads, not
 * only on the proxy paths: with the last copy winning, the operator (or the tenant) asked for one
 * thing and got the other ({"name":"s1","name":"s2"} created s2). Bodies without duplicates bind.
 */
class DuplicateKeysIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .redisDatabase(61)
            .tenant("acme")
            .build();

    private static HttpResponse<String> admin(String method, String path, String body) {
        return gw.app().send(HttpRequest.newBuilder(gw.app().uri(path))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN).header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The OpenAI error of a 400, checked to name the duplicated key (a top-level one: its path is the key). */
    private static void refusedNaming(String key, HttpResponse<String> response) throws Exception {
        refusedNaming(key, key, response);
    }

    /** The OpenAI error of a 400, checked to name the duplicated key in the message and its path in {@code param}. */
    private static void refusedNaming(String key, String path, HttpResponse<String> response) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).get("error");
        for (String field : new String[] {"message", "type", "param", "code"}) {
            assertTrue(error.has(field), "OpenAI error shape, '" + field + "': " + response.body());
        }
        assertEquals("invalid_request_error", error.get("type").asText(), response.body());
        assertEquals(path, error.get("param").asText(), response.body());
        assertTrue(error.get("message").asText().contains("'" + key + "' appears more than once"), response.body());
    }

    private static int status(String method, String path) {
        return gw.app().send(HttpRequest.newBuilder(gw.app().uri(path))
                .header("authorization", "Bearer " + GatewayApp.ADMIN_TOKEN).method(method, HttpRequest.BodyPublishers.noBody())
                .build()).statusCode();
    }

    @Test
    void a_tenant_body_with_a_key_twice_is_refused_and_nothing_is_created() throws Exception {
        refusedNaming("id", admin("POST", "/admin/tenants", "{\"id\":\"twice-1\",\"id\":\"twice-2\",\"name\":\"T\"}"));
        assertEquals(404, status("GET", "/admin/tenants/twice-1"));
        assertEquals(404, status("GET", "/admin/tenants/twice-2"));

        HttpResponse<String> created = admin("POST", "/admin/tenants", "{\"id\":\"once\",\"name\":\"Once\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("Once", JSON.readTree(created.body()).get("name").asText());
    }

    @Test
    void a_key_body_with_a_key_twice_is_refused_and_a_normal_one_issues_a_key() throws Exception {
        refusedNaming("name", admin("POST", "/admin/tenants/acme/keys", "{\"name\":\"ci\",\"name\":\"prod\"}"));
        refusedNaming("allowed_models", admin("POST", "/admin/tenants/acme/keys",
                "{\"name\":\"ci\",\"allowed_models\":[\"chat-default\"],\"allowed_models\":[]}"));

        HttpResponse<String> issued = admin("POST", "/admin/tenants/acme/keys", "{\"name\":\"ci\",\"allowed_models\":[\"chat-default\"]}");
        assertEquals(201, issued.statusCode(), issued.body());
        assertEquals("[\"chat-default\"]", JSON.readTree(issued.body()).get("allowed_models").toString());
    }

    @Test
    void an_upstream_body_with_a_key_twice_is_refused_even_nested_and_nothing_is_stored() throws Exception {
        refusedNaming("name", admin("POST", "/admin/mcp/upstreams", "{\"name\":\"s1\",\"name\":\"s2\",\"url\":\"http://h/mcp\"}"));
        refusedNaming("acme", "tenants.acme", admin("POST", "/admin/mcp/upstreams",
                "{\"name\":\"s3\",\"url\":\"http://h/mcp\",\"tenants\":{\"acme\":[\"*\"],\"acme\":[]}}"));
        for (String name : new String[] {"s1", "s2", "s3"}) {
            assertEquals(404, status("GET", "/admin/mcp/upstreams/" + name), name);
        }
        HttpResponse<String> created = admin("POST", "/admin/mcp/upstreams", "{\"name\":\"s4\",\"url\":\"http://h/mcp\"}");
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void a_policy_body_with_a_limit_twice_is_refused() throws Exception {
        refusedNaming("rpm", admin("PUT", "/admin/tenants/acme/policy", "{\"rpm\":1000,\"rpm\":1}"));
        assertEquals(200, admin("PUT", "/admin/tenants/acme/policy", "{\"rpm\":1000}").statusCode());
    }

    @Test
    void a_product_invocation_with_its_input_twice_is_refused_and_a_normal_one_is_answered(@Key("acme") String key)
            throws Exception {
        refusedNaming("input", gw.app().post("/v1/products/sentiment/invoke", key,
                "{\"input\":{\"text\":\"I love it\"},\"input\":{\"text\":\"I hate it\"}}"));
        refusedNaming("text", "input.text", gw.app().post("/v1/products/sentiment/invoke", key,
                "{\"input\":{\"text\":\"I love it\",\"text\":\"I hate it\"}}"));
        HttpResponse<String> answered = gw.app().post("/v1/products/sentiment/invoke", key, "{\"input\":{\"text\":\"I love it\"}}");
        assertEquals(200, answered.statusCode(), answered.body());
    }

    @Test
    void an_mcp_message_with_its_method_twice_is_a_json_rpc_parse_error(@Key("acme") String key) throws Exception {
        HttpResponse<String> response = gw.app().post("/mcp", key, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"method\":\"tools/list\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}", "accept", "application/json, text/event-stream");
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(JsonRpc.PARSE_ERROR, JSON.readTree(response.body()).at("/error/code").asInt(), response.body());
        assertTrue(response.body().contains("method"), "names the key: " + response.body());
    }

    @Test
    void a_chat_message_with_its_role_twice_is_refused_naming_the_path(@Key("acme") String key) throws Exception {
        refusedNaming("role", "messages[0].role", gw.app().post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"x\"}]}"));
        refusedNaming("model", gw.app().post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"model\":\"other\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"));
    }

    @Test
    void a_tool_schema_with_a_property_twice_is_refused(@Key("acme") String key) throws Exception {
        refusedNaming("x", "tools[0].function.parameters.properties.x", gw.app().post("/v1/chat/completions", key,
                "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":"
                        + "{\"x\":{\"type\":\"string\"},\"x\":{\"type\":\"number\"}}}}}]}"));
    }

    @Test
    void a_completion_and_an_embedding_with_a_nested_key_twice_are_refused(@Key("acme") String key) throws Exception {
        refusedNaming("50256", "logit_bias.50256", gw.app().post("/v1/completions", key,
                "{\"model\":\"chat-default\",\"prompt\":\"x\",\"logit_bias\":{\"50256\":-100,\"50256\":100}}"));
        refusedNaming("text", "input[0].text", gw.app().post("/v1/embeddings", key,
                "{\"model\":\"chat-default\",\"input\":[{\"text\":\"a\",\"text\":\"b\"}]}"));
    }

    @Test
    void nested_keys_that_only_look_alike_pass(@Key("acme") String key) throws Exception {
        HttpResponse<String> answered = gw.app().post("/v1/chat/completions", key, "{\"model\":\"chat-default\",\"max_tokens\":4,"
                + "\"messages\":[{\"role\":\"user\",\"Role\":\"system\",\"content\":\"x\"}]}");
        assertEquals(200, answered.statusCode(), answered.body());
        assertEquals("chat.completion", JSON.readTree(answered.body()).get("object").asText(), answered.body());
    }
}
