package ai.factory.gateway.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.net.InetSocketAddress;

/**
 * The caller's address for per-address limits: the connection's peer, or, when
 * {@code gateway.auth.client-address-header} is set (behind a trusted proxy or load balancer
 * that sets it), the first address in that header. Unlike Micronaut's resolver it never trusts
 * {@code Forwarded}/{@code X-Forwarded-For} by default: a client could name any address there.
 */
@Singleton
public class ClientAddress {

    private final String header;

    public ClientAddress(@Value("${gateway.auth.client-address-header:}") String header) {
        this.header = header == null || header.isBlank() ? null : header;
    }

    public String of(HttpRequest<?> request) {
        if (header != null) {
            String value = request.getHeaders().get(header);
            if (value != null && !value.isBlank()) {
                String first = value.split(",", 2)[0].trim();
                return first.length() > 64 ? first.substring(0, 64) : first;
            }
        }
        InetSocketAddress peer = request.getRemoteAddress();
        return peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
    }
}
