package ai.factory.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code gateway.tenant-routing.<tenantId>}: where one tenant's requests may go.
 *
 * <pre>
 * gateway.tenant-routing.bank-co:
 *   allowed-pools: [gpu-a, gpu-b]   # first choice or fallback; absent = any
 *   data-residency: on-prem-only    # never an external pool; default: any
 * </pre>
 */
@EachProperty("gateway.tenant-routing")
public record TenantRoutingConfig(@Parameter String tenantId, @Nullable List<String> allowedPools,
        @Bindable(defaultValue = "any") DataResidency dataResidency) {

    public TenantRoutingConfig {
        allowedPools = allowedPools == null ? List.of() : List.copyOf(allowedPools);
    }

    public enum DataResidency {
        ANY,
        ON_PREM_ONLY
    }
}
