package ai.factory.gateway.observe;

import ai.factory.observability.labels.TopNLabels;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.util.Set;

/** The one tenant-label bound every metric shares, so a tenant is "other" everywhere or nowhere. */
@Factory
public class ObservabilityFactory {

    @Singleton
    TopNLabels tenantLabels(ObservabilityConfig config) {
        return new TopNLabels(config.tenantLabelTopN(), Set.copyOf(config.pinnedTenants()));
    }
}
