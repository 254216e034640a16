package ai.factory.gateway.products;

import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A tenant's access to one product, where it differs from the default. */
@MappedEntity("product_entitlements")
public record Entitlement(@Id String id, String tenantId, String product, boolean enabled, @DateUpdated Instant updatedAt) {

    public static Entitlement of(String tenantId, String product, boolean enabled) {
        return new Entitlement(tenantId + "/" + product, tenantId, product, enabled, null);
    }
}
