package ai.factory.gateway.usage;

import java.time.Instant;
import java.util.List;

/**
 * One bucket of one group.
 *
 * @param groups the values of the query's group_by dimensions, in that order; "" for none
 */
public record UsageRow(Instant bucket, List<String> groups, UsageCounts counts) {
}
