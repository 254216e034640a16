package ai.factory.gateway.mcp;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The transport's DNS-rebinding guard: a request carrying an {@code Origin} is served only when
 * that origin is the gateway's own host or one the operator listed
 * ({@code gateway.mcp.allowed-origins}). Requests without an Origin (non-browser clients) pass.
 */
@Singleton
public class McpOrigins {

    private final List<String> allowed;

    public McpOrigins(@Value("${gateway.mcp.allowed-origins:}") List<String> allowed) {
        this.allowed = allowed.stream().map(o -> o.trim().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
    }

    boolean allowed(HttpRequest<?> request) {
        String origin = request.getHeaders().get("Origin");
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        String host = request.getHeaders().get("Host");
        try {
            URI uri = URI.create(o);
            String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.equals(host.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
