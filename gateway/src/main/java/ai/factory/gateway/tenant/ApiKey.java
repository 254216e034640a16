package ai.factory.gateway.tenant;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.List;

/**
 * A tenant's API key, as stored: the hash, never the key. {@code prefix} is the key's first
 * characters, enough for a person to recognise it in a listing and useless to an attacker.
 *
 * @param allowedModels model aliases this key may call; null means every alias
 */
@MappedEntity("api_keys")
public record ApiKey(
        @Id String id,
        String tenantId,
        String name,
        String prefix,
        String keyHash,
        String status,
        @Nullable @TypeDef(type = DataType.STRING_ARRAY) List<String> allowedModels,
        @Nullable Instant expiresAt,
        @DateCreated Instant createdAt,
        @Nullable Instant revokedAt) {

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public ApiKey revoked(Instant at) {
        return new ApiKey(id, tenantId, name, prefix, keyHash, REVOKED, allowedModels, expiresAt, createdAt, at);
    }
}
