package ai.factory.gateway.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling: the tenant that pays and the key that was used.
 *
 * @param allowedModels aliases this key may call; empty means every alias
 * @param expiresAt null when the key does not expire
 */
public record Caller(String tenantId, String keyId, Set<String> allowedModels, Instant expiresAt) {

    public Caller {
        allowedModels = Set.copyOf(allowedModels);
    }

    public boolean mayUse(String alias) {
        return allowedModels.isEmpty() || allowedModels.contains(alias);
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
