package ai.factory.gateway.tenant;

import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A customer of the AI factory: a company, team or app that holds keys and pays for tokens. */
@MappedEntity("tenants")
public record Tenant(@Id String id, String name, String tier, @DateCreated Instant createdAt) {
}
