package ai.factory.gateway.observe.metrics;

/**
 * How far the usage flush is behind, from Redis stream ids (whose first part is the append time
 * in milliseconds): the age of the oldest event not yet acknowledged by the flushers, which is
 * either one delivered but not acknowledged (pending) or the first not yet delivered at all.
 */
final class FlushLag {

    private FlushLag() {
    }

    /**
     * @param oldestPendingId the lowest pending id of the group, or null when none is pending
     * @param firstUndeliveredId the first id after the group's last-delivered id, or null when none
     * @return seconds behind; 0 when everything is acknowledged
     */
    static double seconds(long nowMillis, String oldestPendingId, String firstUndeliveredId) {
        long oldest = Math.min(millis(oldestPendingId), millis(firstUndeliveredId));
        if (oldest == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(0, nowMillis - oldest) / 1000.0;
    }

    static long millis(String streamId) {
        if (streamId == null || streamId.isEmpty()) {
            return Long.MAX_VALUE;
        }
        int dash = streamId.indexOf('-');
        return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
    }
}
