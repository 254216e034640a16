package ai.factory.gateway.accounting.flush;

import java.util.List;
import java.util.Optional;

/**
 * Where the stream may be cut: below the oldest entry any consumer group still needs. For a
 * group with pending entries that is its oldest pending id; for a group with none, everything up
 * to its last-delivered id is acknowledged. Entries after last-delivered were never read and are
 * above both. {@code XTRIM MINID} removes only ids strictly lower than the point.
 */
public final class TrimPoint {

    /** One consumer group as XINFO GROUPS and XPENDING describe it. */
    public record Group(String name, String lastDeliveredId, long pending, String oldestPendingId) {
    }

    private TrimPoint() {
    }

    /** @return the MINID to trim to, or empty when nothing may be trimmed (no group reads the stream) */
    public static Optional<String> of(List<Group> groups) {
        String point = null;
        for (Group g : groups) {
            String needed = g.pending() > 0 ? g.oldestPendingId() : g.lastDeliveredId();
            if (needed == null) {
                return Optional.empty();
            }
            point = point == null ? needed : StreamIds.min(point, needed);
        }
        return Optional.ofNullable(point).filter(p -> !"0-0".equals(p));
    }
}
