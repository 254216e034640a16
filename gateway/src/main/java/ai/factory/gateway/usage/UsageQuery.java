package ai.factory.gateway.usage;

import java.time.Instant;
import java.util.List;

/**
 * A validated usage question: buckets of {@code granularity} in [from, to), grouped by
 * {@code groupBy}. Bounds are aligned to the granularity so every bucket is whole.
 *
 * @param tenantId the only tenant to read; null (admin API only) reads every tenant
 */
public record UsageQuery(String tenantId, Instant from, Instant to, Granularity granularity, List<Dimension> groupBy) {

    public UsageQuery {
        groupBy = List.copyOf(groupBy);
    }
}
