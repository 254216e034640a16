package ai.factory.gateway.ratelimit;

import java.util.List;

/**
 * What admission reserved for one request, to be settled when it ends. {@code local} marks a
 * reservation made by the per-instance limiter while Redis was unreachable.
 *
 * @param cached the cached response found in the same round trip, or null
 */
public record Ticket(String member, List<Check> checks, RateHeaders headers, String cached, boolean local) {

    public static Ticket unlimited(String member) {
        return new Ticket(member, List.of(), RateHeaders.NONE, null, false);
    }
}
