package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /admin/mcp/upstreams} over HTTP on a gateway without a credentials key: the admin token
 * guards it, bad input is a 400 in the OpenAI shape, headers cannot be stored unsealed.
 */
class UpstreamAdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(51)
            .properties(UsageFixtures.quickFlush())
            .tenant("acme")
            .build();

    private static GatewayApp app;

    @BeforeAll
    static void start() {
        app = gw.app();
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri(path)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return app.send(b.build());
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        return send(method, path, body, GatewayApp.ADMIN_TOKEN);
    }

    private static Bodies.Body upstream(String name, String url) {
        return Bodies.object().put("name", name).put("url", url);
    }

    private static JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode error = JSON.readTree(response.body()).get("error");
        for (String field : new String[] {"message", "type", "param", "code"}) {
            assertTrue(error.has(field), "OpenAI error shape, '" + field + "': " + response.body());
        }
        return error;
    }

    @Test
    void without_the_admin_token_every_route_is_401() throws Exception {
        error(send("GET", "/admin/mcp/upstreams", null, null), 401);
        error(send("POST", "/admin/mcp/upstreams", upstream("x", "http://h/mcp").json(), "wrong"), 401);
        error(send("DELETE", "/admin/mcp/upstreams/x", null, null), 401);
    }

    @Test
    void bad_input_is_a_400_in_the_openai_shape_naming_the_field() throws Exception {
        assertEquals("name", error(admin("POST", "/admin/mcp/upstreams", upstream("Bad__Name", "http://h/mcp").json()), 400)
                .get("param").asText());
        assertEquals("url", error(admin("POST", "/admin/mcp/upstreams", upstream("ok", "not a url").json()), 400)
                .get("param").asText());
        assertEquals("tenants", error(admin("POST", "/admin/mcp/upstreams",
                upstream("ok", "http://h/mcp").put("tenants", Map.of("nosuchtenant", List.of("*"))).json()), 400).get("param").asText());
        // Raw strings: these two are about bytes that are not an upstream object.
        error(admin("POST", "/admin/mcp/upstreams", "{not json"), 400);
        error(admin("POST", "/admin/mcp/upstreams", "[]"), 400);
        assertEquals(404, admin("GET", "/admin/mcp/upstreams/ok", null).statusCode(), "nothing was stored");
    }

    @Test
    void an_upstream_is_created_read_updated_and_deleted() throws Exception {
        HttpResponse<String> created = admin("POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                "name", "docs", "url", "http://docs.internal/mcp", "tenants", Map.of("acme", List.of("*")))));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode view = JSON.readTree(created.body());
        assertEquals("docs__", view.get("tool_prefix").asText());
        assertEquals(30_000, view.get("timeout_ms").asInt(), "the default timeout");
        error(admin("POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                "name", "docs", "url", "http://other/mcp"))), 409);

        HttpResponse<String> updated = admin("PUT", "/admin/mcp/upstreams/docs", Bodies.object()
                .put("timeout_ms", 2500).put("requests_per_minute", 7).json());
        assertEquals(200, updated.statusCode(), updated.body());
        JsonNode got = JSON.readTree(admin("GET", "/admin/mcp/upstreams/docs", null).body());
        assertEquals(2500, got.get("timeout_ms").asInt());
        assertEquals(7, got.get("requests_per_minute").asInt());
        assertEquals("[\"*\"]", got.at("/tenants/acme").toString(), "an update keeps what it does not name");
        assertTrue(admin("GET", "/admin/mcp/upstreams", null).body().contains("\"docs\""));

        assertEquals(204, admin("DELETE", "/admin/mcp/upstreams/docs", null).statusCode());
        error(admin("GET", "/admin/mcp/upstreams/docs", null), 404);
    }

    @Test
    void credentials_are_refused_when_no_key_can_seal_them_and_are_never_quoted() throws Exception {
        HttpResponse<String> response = admin("POST", "/admin/mcp/upstreams", JSON.writeValueAsString(Map.of(
                "name", "sealed", "url", "http://h/mcp", "headers", Map.of("Authorization", "Bearer sk-never-shown-42"))));
        assertEquals("headers", error(response, 503).get("param").asText());
        assertFalse(response.body().contains("sk-never-shown-42"), response.body());
        error(admin("GET", "/admin/mcp/upstreams/sealed", null), 404);
    }
}
