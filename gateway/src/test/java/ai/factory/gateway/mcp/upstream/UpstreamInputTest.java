package ai.factory.gateway.mcp.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.gateway.error.GatewayError;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static UpstreamInput parse(String body, boolean create) throws Exception {
        return UpstreamInput.parse(JSON.readTree(body), create);
    }

    private static GatewayError refused(String body, boolean create) {
        GatewayError e = assertThrows(GatewayError.class, () -> parse(body, create));
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void a_full_registration_is_read_field_by_field() throws Exception {
        UpstreamInput in = parse("{\"name\":\"search\",\"url\":\"https://tools.internal/mcp?v=2\","
                + "\"headers\":{\"Authorization\":\"Bearer x\"},\"timeout_ms\":5000,\"requests_per_minute\":60,"
                + "\"tool_requests_per_minute\":{\"query\":5},\"tenants\":{\"acme\":[\"query\"],\"*\":[\"*\"]}}", true);
        assertEquals("search", in.name());
        assertEquals(Map.of("Authorization", "Bearer x"), in.headers());
        assertEquals(5000, in.timeoutMs());
        assertEquals(Map.of("query", 5), in.toolRequestsPerMinute());
        assertEquals(Map.of("acme", Set.of("query"), "*", Set.of("*")), in.tenants());
    }

    @Test
    void an_update_leaves_out_what_it_does_not_name_and_cannot_rename() throws Exception {
        UpstreamInput in = parse("{\"timeout_ms\":100}", false);
        assertNull(in.url());
        assertNull(in.headers());
        assertNull(in.tenants());
        assertEquals("name", refused("{\"name\":\"other\"}", false).param());
    }

    @Test
    void each_bad_field_is_refused_naming_it() {
        assertEquals("name", refused("{\"name\":\"a__b\",\"url\":\"http://x/mcp\"}", true).param());
        assertEquals("url", refused("{\"name\":\"a\",\"url\":\"ftp://x/mcp\"}", true).param());
        assertEquals("url", refused("{\"name\":\"a\",\"url\":\"http://user:pw@x/mcp\"}", true).param());
        assertEquals("url", refused("{\"name\":\"a\"}", true).param());
        assertEquals("headers", refused("{\"headers\":{\"Host\":\"x\"}}", false).param());
        assertEquals("timeout_ms", refused("{\"timeout_ms\":0}", false).param());
        assertEquals("requests_per_minute", refused("{\"requests_per_minute\":-1}", false).param());
        assertEquals("tenants", refused("{\"tenants\":[\"acme\"]}", false).param());
        assertEquals("tenants.acme", refused("{\"tenants\":{\"acme\":[\"bad name\"]}}", false).param());
        assertEquals("credentials", refused("{\"credentials\":{}}", false).param());
    }

    @Test
    void a_bad_header_value_is_refused_without_quoting_it() {
        GatewayError e = refused("{\"headers\":{\"Authorization\":\"Bearer sk-secret\\nX: y\"}}", false);
        assertEquals("headers.Authorization", e.param());
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
    }
}
