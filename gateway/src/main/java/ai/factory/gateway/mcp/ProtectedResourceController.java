package ai.factory.gateway.mcp;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.util.HttpHostResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OAuth 2.0 protected-resource metadata (RFC 9728) for {@code /mcp}, where MCP clients learn how to
 * authenticate. The gateway runs no authorization server: the bearer token is a tenant key issued
 * by the admin API, so {@code authorization_servers} is left out (the RFC makes it optional).
 */
@Controller
public class ProtectedResourceController {

    static final String PATH = "/.well-known/oauth-protected-resource";

    private final HttpHostResolver hosts;

    public ProtectedResourceController(HttpHostResolver hosts) {
        this.hosts = hosts;
    }

    /** Served at the root and at the path-suffixed location (RFC 9728 §3.1) that clients also try. */
    @Get(uris = {PATH, PATH + "/mcp"})
    @Produces(MediaType.APPLICATION_JSON)
    public MutableHttpResponse<Map<String, Object>> metadata(HttpRequest<?> request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resource", hosts.resolve(request) + "/mcp");
        body.put("bearer_methods_supported", List.of("header"));
        body.put("resource_name", "AI factory gateway: products as MCP tools");
        body.put("resource_documentation", hosts.resolve(request) + "/portal");
        return HttpResponse.ok(body);
    }
}
