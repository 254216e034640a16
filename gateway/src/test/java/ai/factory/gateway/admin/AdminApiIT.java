package ai.factory.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Operators manage tenants and keys over HTTP; keys exist in plaintext only in the create response. */
class AdminApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HI_DEFAULT = Bodies.chat("chat-default").user("hi").json();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .alias("chat-large", "gpu")
            .build();

    private static HttpResponse<String> admin(String method, String path, String body, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(gw.app().uri(path)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            builder.header("authorization", "Bearer " + token);
        }
        return gw.app().send(builder.build());
    }

    @Test
    void admin_api_refuses_missing_and_wrong_tokens() throws Exception {
        for (String token : new String[] {null, "wrong", GatewayApp.ADMIN_TOKEN + "x", "sk-gw-tenant-key"}) {
            HttpResponse<String> response = admin("GET", "/admin/tenants", null, token);
            assertEquals(401, response.statusCode(), String.valueOf(token));
            assertEquals("authentication_error", JSON.readTree(response.body()).at("/error/type").asText());
        }
    }

    @Test
    void tenant_and_key_lifecycle(GatewayApp app) throws Exception {
        String token = GatewayApp.ADMIN_TOKEN;
        HttpResponse<String> created = admin("POST", "/admin/tenants", Bodies.object().put("id", "globex").put("name", "Globex Corp").json(), token);
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(409, admin("POST", "/admin/tenants", Bodies.object().put("id", "globex").json(), token).statusCode());
        assertEquals(400, admin("POST", "/admin/tenants", Bodies.object().put("id", "Not Valid!").json(), token).statusCode());
        assertEquals("Globex Corp", JSON.readTree(admin("GET", "/admin/tenants/globex", null, token).body()).get("name").asText());
        assertEquals(404, admin("GET", "/admin/tenants/nobody", null, token).statusCode());
        assertTrue(admin("GET", "/admin/tenants", null, token).body().contains("\"globex\""));

        HttpResponse<String> issued = admin("POST", "/admin/tenants/globex/keys",
                Bodies.object().put("name", "ci").put("allowed_models", List.of("chat-default"))
                        .put("expires_at", "2099-01-01T00:00:00Z").json(), token);
        assertEquals(201, issued.statusCode(), issued.body());
        JsonNode key = JSON.readTree(issued.body());
        String plaintext = key.get("key").asText();
        assertTrue(plaintext.startsWith("sk-gw-v1-") && plaintext.length() == 55, plaintext);
        assertEquals(plaintext.substring(0, 15), key.get("prefix").asText());
        assertEquals(List.of("id", "object", "tenant_id", "name", "prefix", "status", "allowed_models", "expires_at",
                "created_at", "revoked_at", "key"), names(key), "every field, a null one too (revoked_at)");
        assertTrue(key.get("revoked_at").isNull());

        // The key works, within its allow-list.
        assertEquals(200, app.post("/v1/chat/completions", plaintext, HI_DEFAULT).statusCode());
        assertEquals(403, app.post("/v1/chat/completions", plaintext,
                Bodies.chat("chat-large").user("hi").json()).statusCode());

        // Listings never show the key or its hash again.
        String listing = admin("GET", "/admin/tenants/globex/keys", null, token).body();
        assertFalse(listing.contains(plaintext), listing);
        assertFalse(listing.contains("hash"), listing);
        assertTrue(listing.contains(key.get("id").asText()));
        assertFalse(JSON.readTree(listing).at("/data/0").has("key"), listing);
        assertEquals("list", JSON.readTree(listing).get("object").asText());

        // Only the hash is stored.
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select * from api_keys where tenant_id = 'globex'")) {
            while (rows.next()) {
                for (int col = 1; col <= rows.getMetaData().getColumnCount(); col++) {
                    String value = rows.getString(col);
                    assertFalse(value != null && value.contains(plaintext.substring(12)), "column " + col + " holds the key");
                }
            }
        }

        HttpResponse<String> revoked = admin("DELETE", "/admin/tenants/globex/keys/" + key.get("id").asText(), null, token);
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertEquals("revoked", JSON.readTree(revoked.body()).get("status").asText());
        assertEquals(401, app.post("/v1/chat/completions", plaintext, HI_DEFAULT).statusCode());
        assertEquals(404, admin("DELETE", "/admin/tenants/acme/keys/" + key.get("id").asText(), null, token).statusCode(),
                "a key is only reachable under its own tenant");
    }

    @Test
    void key_with_past_expiry_is_refused_at_creation() throws Exception {
        admin("POST", "/admin/tenants", Bodies.object().put("id", "initech").json(), GatewayApp.ADMIN_TOKEN);
        HttpResponse<String> response = admin("POST", "/admin/tenants/initech/keys",
                Bodies.object().put("expires_at", "2001-01-01T00:00:00Z").json(), GatewayApp.ADMIN_TOKEN);
        assertEquals(400, response.statusCode());
        assertEquals("expires_at", JSON.readTree(response.body()).at("/error/param").asText());
    }

    /**
     * A body Jackson refuses gets the OpenAI routes' wording, never the framework's binding message
     * (which named the gateway's classes and echoed nothing useful).
     */
    @Test
    void malformed_admin_bodies_are_named_as_json_errors() throws Exception {
        String token = GatewayApp.ADMIN_TOKEN;
        String[][] cases = {
            {"{\"id\":\"a\u0001b\",\"name\":\"x\"}", "request body is not valid JSON: Illegal unquoted character", null},
            {"{\"id\":\"dup\",\"id\":\"dup2\"}", "'id' appears more than once in the request body", "id"},
            {"{\"id\":", "request body is not valid JSON: ", null},
            {"[1,2]", "request body does not have the expected shape: expected an object", null},
            {"5", "request body does not have the expected shape: expected an object", null},
            {"\"globex\"", "request body does not have the expected shape: expected an object", null},
            {"{\"id\":\"shape\",\"name\":{\"a\":1}}", "request body does not have the expected shape at 'name': expected a string", "name"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = admin("POST", "/admin/tenants", c[0], token);
            assertEquals(400, response.statusCode(), c[0] + " -> " + response.body());
            JsonNode error = JSON.readTree(response.body()).get("error");
            assertEquals("invalid_request_error", error.get("type").asText(), response.body());
            assertTrue(error.get("message").asText().startsWith(c[1]), c[0] + " -> " + response.body());
            assertFalse(response.body().contains("Failed to convert") || response.body().contains("ai.factory"), response.body());
            assertFalse(response.body().contains("\\u0001"), "echoed the control character: " + response.body());
            if (c[2] != null) {
                assertEquals(c[2], error.get("param").asText(), response.body());
            }
        }
        for (String id : new String[] {"dup", "shape"}) {
            assertEquals(404, admin("GET", "/admin/tenants/" + id, null, token).statusCode(), "a refused body made " + id);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
