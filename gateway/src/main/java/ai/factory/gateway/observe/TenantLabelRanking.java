package ai.factory.gateway.observe;

import ai.factory.observability.labels.TopNLabels;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;

/** Re-ranks the tenants on a schedule, so the tenant label follows who carries the load now. */
@Singleton
public class TenantLabelRanking {

    private final TopNLabels labels;

    public TenantLabelRanking(TopNLabels labels) {
        this.labels = labels;
    }

    @Scheduled(fixedDelay = "${gateway.observability.tenant-label-refresh:5m}", initialDelay = "5m")
    void rerank() {
        labels.refresh();
    }
}
