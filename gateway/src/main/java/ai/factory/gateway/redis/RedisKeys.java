package ai.factory.gateway.redis;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Every Redis key name of a tenant, in one place. On Redis Cluster a script may only touch keys
 * of one hash slot, and the settle script touches the tenant's buckets, its cache entry and the
 * usage stream in one atomic call. So tenants are spread over {@code shards} hash tags, each
 * tag owning one usage stream: a tenant's buckets, reservation records, cache entries and its
 * shard's stream all carry the same tag and live in one slot. The flushers read every shard's
 * stream ({@link #usageStreams()}).
 *
 * <p>Shard {@code i}'s tag is chosen so its slot falls in the i-th equal part of the 16,384
 * slots: however a cluster splits its slots into contiguous ranges, the shards spread evenly over
 * its masters. The tenant's id stays in each key after the tag, so two tenants of one shard never
 * share a key. Changing {@code shards} moves tenants to other keys: rate-limit state restarts and
 * budgets are re-seeded from the ledger; drain the old streams first (the flusher reads only the
 * current shards).
 */
public final class RedisKeys {

    public static final int MAX_SHARDS = 1024;
    private final String[] tags;

    public RedisKeys(int shards) {
        if (shards < 1 || shards > MAX_SHARDS) {
            throw new IllegalArgumentException("gateway.redis.shards must be from 1 to " + MAX_SHARDS + ": " + shards);
        }
        tags = new String[shards];
        for (int i = 0; i < shards; i++) {
            tags[i] = tagInPart(i, shards);
        }
    }

    public int shards() {
        return tags.length;
    }

    /** A stable function of the tenant id alone, the same in every instance and every release. */
    public int shardOf(String tenantId) {
        CRC32 crc = new CRC32();
        crc.update(tenantId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % tags.length);
    }

    /** The hash tag, braces included, shared by every key of this tenant. */
    public String tag(String tenantId) {
        return tags[shardOf(tenantId)];
    }

    /** Prefix of the tenant's limiter keys: {@code rl:<tag>:<tenant>}. */
    public String limiter(String tenantId) {
        return "rl:" + tag(tenantId) + ":" + tenantId;
    }

    /**
     * The one reservation record of request {@code member} (a hash): its state for the
     * compensating release (reserved / released) and, when tracked, what a reaper needs to settle
     * it (admit.lua writes it, renew.lua moves it forward, settle.lua and reap.lua end it).
     */
    public String reservation(String tenantId, String member) {
        return limiter(tenantId) + ":res:" + member;
    }

    /** The expiry index of the tenant's shard: its tracked reservation records by expiry time. */
    public String reservationIndex(String tenantId) {
        return reservationIndex(shardOf(tenantId));
    }

    /** Shard {@code shard}'s expiry index, in the same slot as that shard's stream and tenants. */
    public String reservationIndex(int shard) {
        return usageStream(shard) + ":reservations";
    }

    /** A response-cache entry of the tenant; {@code digest} already covers the tenant id. */
    public String cache(String tenantId, String digest) {
        return "cache:" + tag(tenantId) + ":" + tenantId + ":" + digest;
    }

    /** The usage stream of the tenant's shard. */
    public String usageStream(String tenantId) {
        return usageStream(shardOf(tenantId));
    }

    public String usageStream(int shard) {
        return "gateway:usage:" + tags[shard];
    }

    /** Every shard's usage stream, in shard order. */
    public List<String> usageStreams() {
        List<String> streams = new ArrayList<>(tags.length);
        for (int i = 0; i < tags.length; i++) {
            streams.add(usageStream(i));
        }
        return streams;
    }

    private static String tagInPart(int shard, int shards) {
        int from = (int) ((long) shard * SlotHash.SLOT_COUNT / shards);
        int to = (int) ((long) (shard + 1) * SlotHash.SLOT_COUNT / shards);
        for (int j = 0; ; j++) {
            String tag = "{u" + shard + "." + j + "}";
            int slot = SlotHash.getSlot(tag);
            if (slot >= from && slot < to) {
                return tag;
            }
        }
    }
}
