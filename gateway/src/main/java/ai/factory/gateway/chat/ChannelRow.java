package ai.factory.gateway.chat;

import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A {@code channel_bindings} row as stored: credentials sealed by {@link CredentialCipher}. */
@MappedEntity("channel_bindings")
public record ChannelRow(@Id String id, String tenantId, String platform, String workspace, String defaultProduct,
        String allowedProducts, int endUserRpm, byte[] credentials, String credentialNames,
        @DateCreated Instant createdAt, @DateUpdated Instant updatedAt, String channels) {
}
