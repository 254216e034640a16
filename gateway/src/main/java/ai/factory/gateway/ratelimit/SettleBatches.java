package ai.factory.gateway.ratelimit;

import ai.factory.gateway.redis.Batcher;
import ai.factory.gateway.redis.LuaScript;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Owner settlements, joined: the settlements of a shard that queue up while its previous call is
 * out leave together as one {@code settle_batch.lua} call (see {@link Batcher}). Each keeps its own
 * result: the usage event's stream id, {@code ""} (no event), {@code gone} (a reaper billed it) or
 * {@code ERR <message>} when its part of the script failed.
 */
public final class SettleBatches {

    /** What a batch holds at most: bounds the script's run time, which blocks the Redis node. */
    public static final int MAX_BATCH = 64;
    private static final LuaScript SCRIPT = LuaScript.load("lua/settle_buckets.lua", "lua/settle_batch.lua");

    /**
     * One request's settlement, as settle.lua's owner mode takes it.
     *
     * @param cacheKey written only when {@code cacheValue} is not null
     * @param event the usage event encoded as one field (UsageEventCodec), or null for none
     * @param tracked admission recorded the reaper's fields (a missing record then means reaped)
     */
    public record Item(String tenantId, List<Bucket> buckets, long[] deltas, String member, String cacheKey,
                       String cacheValue, long cacheTtlMillis, String event, boolean tracked) {
    }

    private final RedisStore store;
    private final RedisKeys keys;
    private final Batcher<Item, Object> batcher;

    /** @param maxBatch 0: no joining, every settlement is its own call (of the same script) */
    public SettleBatches(RedisStore store, int maxBatch, Duration timeout) {
        this.store = store;
        this.keys = store.keys();
        this.batcher = maxBatch < 1 ? null : new Batcher<>(keys.shards(), maxBatch, timeout, (lane, items) -> send(items));
    }

    /** What the settlement did; fails alone when its part of the script failed. */
    public CompletableFuture<ScriptReplies.Settled> settle(Item item) {
        CompletableFuture<Object> entry = batcher == null ? send(List.of(item)).thenApply(reply -> reply.get(0))
                : batcher.submit(keys.shardOf(item.tenantId()), item);
        return entry.thenApply(ScriptReplies::settled);
    }

    /** One script call for {@code items}, all of tenants of one shard. */
    public CompletableFuture<List<Object>> send(List<Item> items) {
        List<String> keyList = new ArrayList<>(items.size() * 8);
        List<byte[]> args = new ArrayList<>(items.size());
        for (Item item : items) {
            List<Bucket> buckets = item.buckets();
            int n = buckets.size();
            Packed packed = new Packed(6 + 5 * n, 96 + 40 * n + (item.event() == null ? 0 : item.event().length())
                    + (item.cacheValue() == null ? 0 : item.cacheValue().length()));
            packed.add(n).add(item.member()).add(item.cacheValue() == null ? "" : item.cacheValue())
                    .add(item.cacheTtlMillis()).add(item.tracked() ? 1 : 0).add(item.event() == null ? "" : item.event());
            for (int i = 0; i < n; i++) {
                Bucket c = buckets.get(i);
                keyList.add(c.redisKey());
                packed.add(c.kind().script()).add(c.field() == null ? "" : c.field()).add(Bounded.clamp(c.limit()))
                        .add(c.window()).add(Math.max(-Bounded.MAX, Math.min(Bounded.MAX, item.deltas()[i])));
            }
            args.add(packed.bytes());
            keyList.add(keys.reservation(item.tenantId(), item.member()));
            keyList.add(keys.reservationIndex(item.tenantId()));
            keyList.add(keys.usageStream(item.tenantId()));
            if (item.cacheValue() != null) {
                keyList.add(item.cacheKey());
            }
        }
        return SCRIPT.multiBytes(store, keyList, args).thenApply(reply -> ScriptReplies.settleBatch(reply, items.size()));
    }
}
