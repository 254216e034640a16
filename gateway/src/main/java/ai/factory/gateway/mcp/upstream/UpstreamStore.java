package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.chat.CredentialCipher;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.tenant.TenantRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Upstreams stored and read. Credentials are sealed with the chat channels' scheme and key
 * ({@link CredentialCipher}, {@code GATEWAY_CHANNEL_KEY}), bound to the upstream's name, and opened
 * only for the registry's in-memory copy. Blocking: admin threads and the registry's refresh only.
 */
@Singleton
public class UpstreamStore {

    private static final TypeReference<Map<String, Set<String>>> GRANTS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Integer>> LIMITS = new TypeReference<>() { };
    /** The cipher's "tenant" slot: upstreams belong to no tenant. */
    private static final String SCOPE = "mcp-upstream";

    private final UpstreamRepository rows;
    private final TenantRepository tenants;
    private final ObjectMapper json;
    private final String channelKey;
    private volatile CredentialCipher cipher;

    public UpstreamStore(UpstreamRepository rows, TenantRepository tenants, ObjectMapper json,
            @Value("${gateway.chat.channel-key:}") String channelKey) {
        this.rows = rows;
        this.tenants = tenants;
        this.json = json;
        this.channelKey = channelKey;
    }

    public List<UpstreamRow> all() {
        return rows.findAllOrderByName();
    }

    public Optional<UpstreamRow> find(String name) {
        return rows.findById(name);
    }

    public UpstreamRow create(UpstreamInput in) {
        if (rows.existsById(in.name())) {
            throw new GatewayError(409, "invalid_request_error", "upstream_exists", "name",
                    "an upstream named '" + in.name() + "' exists; update or delete it", null);
        }
        Map<String, Set<String>> grants = in.tenants() == null ? Map.of() : checked(in.tenants());
        Map<String, String> headers = in.headers() == null ? Map.of() : in.headers();
        return rows.save(new UpstreamRow(in.name(), in.url(), seal(in.name(), headers), names(headers),
                in.timeoutMs() == null ? UpstreamInput.DEFAULT_TIMEOUT_MS : in.timeoutMs(),
                in.requestsPerMinute() == null ? 0 : in.requestsPerMinute(),
                write(in.toolRequestsPerMinute() == null ? Map.of() : in.toolRequestsPerMinute()), write(grants),
                null, null));
    }

    public UpstreamRow update(UpstreamRow row, UpstreamInput in) {
        Map<String, String> headers = in.headers();
        return rows.update(new UpstreamRow(row.name(), in.url() == null ? row.url() : in.url(),
                headers == null ? row.credentials() : seal(row.name(), headers),
                headers == null ? row.credentialNames() : names(headers),
                in.timeoutMs() == null ? row.timeoutMs() : in.timeoutMs(),
                in.requestsPerMinute() == null ? row.requestsPerMinute() : in.requestsPerMinute(),
                in.toolRequestsPerMinute() == null ? row.toolLimits() : write(in.toolRequestsPerMinute()),
                in.tenants() == null ? row.grants() : write(checked(in.tenants())), row.createdAt(), null));
    }

    public void delete(UpstreamRow row) {
        rows.deleteById(row.name());
    }

    /** The row as the request path uses it, credentials opened. */
    Upstream open(UpstreamRow row) {
        Map<String, String> headers = row.credentials() == null ? Map.of()
                : cipher().open(aad(row.name()), SCOPE, row.credentials()).values();
        return new Upstream(row.name(), URI.create(row.url()), headers, Duration.ofMillis(row.timeoutMs()),
                row.requestsPerMinute(), toolLimits(row), grantsOf(row), row.updatedAt());
    }

    Map<String, Set<String>> grants(UpstreamRow row) {
        return read(row.grants(), GRANTS);
    }

    Map<String, Integer> toolLimits(UpstreamRow row) {
        return read(row.toolLimits(), LIMITS);
    }

    Grants grantsOf(UpstreamRow row) {
        return new Grants(grants(row));
    }

    private Map<String, Set<String>> checked(Map<String, Set<String>> grants) {
        for (String tenant : grants.keySet()) {
            if (!Grants.ANY.equals(tenant) && !tenants.existsById(tenant)) {
                throw GatewayError.invalidRequest("tenants", "no tenant '" + tenant + "'");
            }
        }
        return grants;
    }

    /** Associated data: a ciphertext moved to another upstream's (or a channel's) row does not open. */
    private static String aad(String name) {
        return SCOPE + ":" + name;
    }

    private byte[] seal(String name, Map<String, String> headers) {
        return headers.isEmpty() ? null : cipher().seal(aad(name), SCOPE, headers);
    }

    private static String names(Map<String, String> headers) {
        return String.join(",", new TreeSet<>(headers.keySet()));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text == null || text.isBlank() ? "{}" : text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mcp_upstreams holds unreadable JSON", e);
        }
    }

    private CredentialCipher cipher() {
        CredentialCipher c = cipher;
        if (c == null) {
            if (channelKey == null || channelKey.isBlank()) {
                throw new GatewayError(503, "server_error", "credentials_key_missing", "headers",
                        "upstream credentials cannot be sealed: no key is configured (GATEWAY_CHANNEL_KEY)", null);
            }
            c = CredentialCipher.fromBase64(channelKey);
            cipher = c;
        }
        return c;
    }
}
