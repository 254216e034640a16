package ai.factory.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
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
public final class TenantRoutingConfig {

    private final String tenantId;
    private List<String> allowedPools = List.of();
    private String dataResidency = "any";

    public TenantRoutingConfig(@Parameter String tenantId) {
        this.tenantId = tenantId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public List<String> getAllowedPools() {
        return allowedPools;
    }

    public void setAllowedPools(List<String> allowedPools) {
        this.allowedPools = allowedPools;
    }

    public String getDataResidency() {
        return dataResidency;
    }

    public void setDataResidency(String dataResidency) {
        this.dataResidency = dataResidency;
    }
}
