package ai.factory.gateway.chat;

import ai.factory.gateway.error.GatewayError;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Bindings stored and read: credentials sealed on the way in, opened on the way out, and a short
 * cache for webhooks (an update reaches other instances within {@link #CACHED}). Blocking: called
 * from the blocking pool only.
 */
@Singleton
public class ChannelBindings {

    static final Duration CACHED = Duration.ofSeconds(30);

    private final ChannelRepository rows;
    private final ChatConfig config;
    private final Cache<String, Optional<ChannelBinding>> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(CACHED).build();
    private volatile CredentialCipher cipher;

    public ChannelBindings(ChannelRepository rows, ChatConfig config) {
        this.rows = rows;
        this.config = config;
    }

    /** The binding a webhook URL names, decrypted, or empty. */
    public Optional<ChannelBinding> find(String id) {
        return cache.get(id, k -> rows.findById(k).map(this::binding));
    }

    public List<ChannelRow> list(String tenantId) {
        return rows.findByTenantIdOrderByCreatedAt(tenantId);
    }

    public Optional<ChannelRow> row(String tenantId, String id) {
        return rows.findByIdAndTenantId(id, tenantId);
    }

    public ChannelRow create(String tenantId, Platform platform, String workspace, String defaultProduct,
            Set<String> allowed, int endUserRpm, Set<String> channels, Map<String, String> credentials) {
        if (rows.existsByPlatformAndWorkspace(platform.id(), workspace)) {
            throw new GatewayError(409, "invalid_request_error", "channel_exists", "workspace",
                    "this " + platform.id() + " workspace is already bound; delete that binding first", null);
        }
        String id = "ch_" + UUID.randomUUID().toString().replace("-", "");
        return rows.save(new ChannelRow(id, tenantId, platform.id(), workspace, defaultProduct, String.join(",", allowed),
                endUserRpm, cipher().seal(id, tenantId, credentials), names(credentials), null, null,
                String.join(",", channels)));
    }

    public ChannelRow update(ChannelRow row, String defaultProduct, Set<String> allowed, int endUserRpm,
            Set<String> channels) {
        ChannelRow updated = rows.update(new ChannelRow(row.id(), row.tenantId(), row.platform(), row.workspace(),
                defaultProduct, String.join(",", allowed), endUserRpm, row.credentials(), row.credentialNames(),
                row.createdAt(), null, String.join(",", channels)));
        cache.invalidate(row.id());
        return updated;
    }

    public ChannelRow rotate(ChannelRow row, Map<String, String> credentials) {
        ChannelRow updated = rows.update(new ChannelRow(row.id(), row.tenantId(), row.platform(), row.workspace(),
                row.defaultProduct(), row.allowedProducts(), row.endUserRpm(),
                cipher().seal(row.id(), row.tenantId(), credentials), names(credentials), row.createdAt(), null,
                row.channels()));
        cache.invalidate(row.id());
        return updated;
    }

    public void delete(ChannelRow row) {
        rows.deleteById(row.id());
        cache.invalidate(row.id());
    }

    static Set<String> products(String csv) {
        return csv == null || csv.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(csv.split(",")));
    }

    private ChannelBinding binding(ChannelRow row) {
        return new ChannelBinding(row.id(), row.tenantId(), Platform.of(row.platform()), row.workspace(),
                row.defaultProduct(), products(row.allowedProducts()), row.endUserRpm(),
                cipher().open(row.id(), row.tenantId(), row.credentials()), products(row.channels()));
    }

    private static String names(Map<String, String> credentials) {
        return String.join(",", new TreeSet<>(credentials.keySet()));
    }

    private CredentialCipher cipher() {
        CredentialCipher c = cipher;
        if (c == null) {
            if (config.channelKey() == null || config.channelKey().isBlank()) {
                throw new GatewayError(503, "server_error", "chat_disabled", null,
                        "chat integrations are disabled: no channel key is configured (GATEWAY_CHANNEL_KEY)", null);
            }
            c = CredentialCipher.fromBase64(config.channelKey());
            cipher = c;
        }
        return c;
    }
}
