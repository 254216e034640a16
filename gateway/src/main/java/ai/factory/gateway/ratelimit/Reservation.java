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
public record Reservation(String member, List<Bucket> buckets, RateHeaders headers, String cached, boolean local,
                     int priority, String tier) {

    public Reservation(String member, List<Bucket> buckets, RateHeaders headers, String cached, boolean local, int priority) {
        this(member, buckets, headers, cached, local, priority, null);
    }

    public static Reservation unlimited(String member) {
        return new Reservation(member, List.of(), RateHeaders.NONE, null, false, 1);
    }

    static Reservation unlimited(String member, int priority, String tier) {
        return new Reservation(member, List.of(), RateHeaders.NONE, null, false, priority, tier);
    }
}
