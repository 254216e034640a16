package ai.factory.gateway.ratelimit;

import java.util.List;

/**
 * What admission reserved for one request, to be settled when it ends. {@code local} marks a
 * reservation made by the per-instance limiter while Redis was unreachable.
 *
 * @param cached the cached response found in the same round trip, or null
 * @param priority the tenant tier's priority in a saturated pool's wait queue
 * @param tier the tenant's tier, for SLO-aware admission and goodput; null when unknown
 */
public record Ticket(String member, List<Check> checks, RateHeaders headers, String cached, boolean local,
                     int priority, String tier) {

    public Ticket(String member, List<Check> checks, RateHeaders headers, String cached, boolean local, int priority) {
        this(member, checks, headers, cached, local, priority, null);
    }

    public static Ticket unlimited(String member) {
        return new Ticket(member, List.of(), RateHeaders.NONE, null, false, 1);
    }

    static Ticket unlimited(String member, int priority, String tier) {
        return new Ticket(member, List.of(), RateHeaders.NONE, null, false, priority, tier);
    }
}
