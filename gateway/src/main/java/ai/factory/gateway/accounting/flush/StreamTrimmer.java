package ai.factory.gateway.accounting.flush;

import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.models.stream.PendingMessages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the stream from growing without end, and never at the price of an event: it trims only
 * below what every consumer group has acknowledged ({@link TrimPoint}). While PostgreSQL is away
 * nothing is acknowledged and the stream grows; that is the buffer, by design.
 *
 * <p>A group created between reading the groups and trimming could miss trimmed entries; the only
 * group is created at start-up before any trim, so this is left as a documented edge.
 */
final class StreamTrimmer {

    private StreamTrimmer() {
    }

    /** @return how many entries were removed */
    static long trim(RedisStore.Link redis, String stream) {
        List<TrimPoint.Group> groups = new ArrayList<>();
        for (Object raw : redis.call(r -> r.xinfoGroups(stream))) {
            Map<String, Object> info = pairs((List<?>) raw);
            String name = String.valueOf(info.get("name"));
            long pending = ((Number) info.get("pending")).longValue();
            String oldest = null;
            if (pending > 0) {
                PendingMessages summary = redis.call(r -> r.xpending(stream, name));
                oldest = summary.getCount() > 0 ? summary.getMessageIds().getLower().getValue() : null;
                // Acknowledged meanwhile: fall back to last-delivered, which is then the safe floor.
                pending = summary.getCount();
            }
            groups.add(new TrimPoint.Group(name, String.valueOf(info.get("last-delivered-id")), pending, oldest));
        }
        Optional<String> point = TrimPoint.of(groups);
        return point.map(minId -> redis.call(r -> r.xtrim(stream, new XTrimArgs().minId(minId).exactTrimming())))
                .orElse(0L);
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(String.valueOf(flat.get(i)), flat.get(i + 1));
        }
        return map;
    }
}
