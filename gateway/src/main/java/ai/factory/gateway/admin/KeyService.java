package ai.factory.gateway.admin;

import ai.factory.gateway.auth.ApiKeyCodec;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.auth.KeyInvalidation;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.policy.TierConfig;
import ai.factory.gateway.tenant.ApiKey;
import ai.factory.gateway.tenant.ApiKeyRepository;
import ai.factory.gateway.tenant.Tenant;
import ai.factory.gateway.tenant.TenantRepository;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;

/** Tenant and key lifecycle. Blocking (JDBC): callers run it off the event loop. */
@Singleton
public class KeyService {

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final KeyAuthenticator authenticator;
    private final KeyInvalidation invalidation;
    private final List<TierConfig> tiers;

    public KeyService(TenantRepository tenants, ApiKeyRepository keys, KeyAuthenticator authenticator,
            KeyInvalidation invalidation, List<TierConfig> tiers) {
        this.tiers = tiers;
        this.tenants = tenants;
        this.keys = keys;
        this.authenticator = authenticator;
        this.invalidation = invalidation;
    }

    /** A freshly issued key: the only moment its plaintext exists outside the caller's hands. */
    public record IssuedKey(ApiKey record, String key) {
    }

    public Tenant createTenant(String id, String name) {
        return createTenant(id, name, null);
    }

    public Tenant createTenant(String id, String name, String tier) {
        if (tier != null && tiers.stream().noneMatch(t -> t.name().equals(tier))) {
            throw GatewayError.invalidRequest("tier", "unknown tier '" + tier + "'; known: "
                    + tiers.stream().map(TierConfig::name).toList());
        }
        if (id == null || !id.matches("[a-z0-9][a-z0-9_-]{0,62}")) {
            throw GatewayError.invalidRequest("id", "tenant id must be 1-63 characters of a-z, 0-9, '-' or '_', "
                    + "starting with a letter or digit");
        }
        if (tenants.existsById(id)) {
            throw new GatewayError(409, "invalid_request_error", "tenant_exists", "id", "tenant '" + id + "' exists", null);
        }
        return tenants.save(new Tenant(id, name == null || name.isBlank() ? id : name, tier == null ? "standard" : tier, null));
    }

    public Tenant tenant(String id) {
        return tenants.findById(id).orElseThrow(() -> GatewayError.notFound("tenant_not_found", "tenant",
                "no tenant '" + id + "'"));
    }

    public List<Tenant> tenants() {
        return tenants.listOrderById();
    }

    public IssuedKey issueKey(String tenantId, String name, List<String> allowedModels, Instant expiresAt) {
        return issueKey(tenantId, name, allowedModels, expiresAt, ApiKeyCodec.newKey());
    }

    /** Registers a key whose plaintext the caller chose (the demo key of the local run). */
    public IssuedKey issueKey(String tenantId, String name, List<String> allowedModels, Instant expiresAt, String key) {
        tenant(tenantId);
        if (ApiKeyCodec.shape(key) == ApiKeyCodec.Shape.MALFORMED) {
            throw GatewayError.invalidRequest("key", "a key starting with '" + ApiKeyCodec.VERSIONED_PREFIX
                    + "' must carry its checksum; choose a key without that prefix");
        }
        if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
            throw GatewayError.invalidRequest("expires_at", "expires_at must be in the future");
        }
        ApiKey record = new ApiKey(ApiKeyCodec.newKeyId(), tenantId, name == null || name.isBlank() ? "key" : name,
                ApiKeyCodec.shownPrefix(key), ApiKeyCodec.hash(key), ApiKey.ACTIVE,
                allowedModels == null || allowedModels.isEmpty() ? null : List.copyOf(allowedModels), expiresAt, null, null);
        IssuedKey issued = new IssuedKey(keys.save(record), key);
        // Every instance forgets a remembered "unknown" for this key and re-reads whether unversioned keys exist.
        authenticator.issued(key);
        invalidation.publish(record.keyHash());
        return issued;
    }

    public List<ApiKey> keys(String tenantId) {
        tenant(tenantId);
        return keys.findByTenantIdOrderByCreatedAt(tenantId);
    }

    public ApiKey revoke(String tenantId, String keyId) {
        ApiKey key = keys.findById(keyId).filter(k -> k.tenantId().equals(tenantId))
                .orElseThrow(() -> GatewayError.notFound("key_not_found", "key", "tenant '" + tenantId
                        + "' has no key '" + keyId + "'"));
        if (ApiKey.REVOKED.equals(key.status())) {
            return key;
        }
        ApiKey revoked = keys.update(key.revoked(Instant.now()));
        authenticator.evict(key.keyHash());
        invalidation.publish(key.keyHash());
        return revoked;
    }

    public boolean keyExists(String key) {
        return keys.findByKeyHash(ApiKeyCodec.hash(key)).isPresent();
    }
}
