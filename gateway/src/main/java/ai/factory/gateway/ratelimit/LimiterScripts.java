package ai.factory.gateway.ratelimit;

import ai.factory.gateway.redis.LuaScript;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The two Lua scripts over Lettuce's asynchronous API: loaded once, called by {@code EVALSHA},
 * reloaded transparently when Redis lost them (a restart, a failover). One call before the
 * backend (admit + cache lookup), one after (settle + cache write + usage event), and a
 * compensating release when an admission timed out. Every key of a call is in the tenant's slot.
 */
public final class LimiterScripts {

    private final RedisStore store;
    private final RedisKeys keys;
    private static final LuaScript ADMIT = LuaScript.load("lua/admit_one.lua", "lua/admit.lua");
    private static final LuaScript SETTLE = LuaScript.load("lua/settle_buckets.lua", "lua/settle.lua");

    public LimiterScripts(RedisStore store) {
        this.store = store;
        this.keys = store.keys();
    }

    /**
     * The raw admission reply; see admit.lua for its layout. Every key is in the tenant's slot.
     *
     * @param recordMillis how long the member's reservation record lives (the lease length)
     */
    public CompletableFuture<List<Object>> admit(String tenantId, List<Bucket> buckets, String member, String cacheKey,
            long recordMillis) {
        return admit(tenantId, buckets, member, cacheKey, recordMillis, List.of());
    }

    /**
     * @param recordFields field/value pairs a reaper needs (expiry package), written into the same
     *     reservation record and listed in the shard's expiry index; empty: not tracked for a reaper
     */
    public CompletableFuture<List<Object>> admit(String tenantId, List<Bucket> buckets, String member, String cacheKey,
            long recordMillis, List<String> recordFields) {
        return admit(admitCall(tenantId, buckets, member, cacheKey, recordMillis, recordFields));
    }

    /** admit.lua, alone, for a call made by {@link #admitCall}. */
    public CompletableFuture<List<Object>> admit(ScriptCall call) {
        return ADMIT.multiBytes(store, call.keys(), List.of(call.packed()));
    }

    /** One admission's keys and its one packed argument (see admit.lua). */
    public record ScriptCall(String tenantId, List<String> keys, byte[] packed) {
    }

    /** What admit.lua takes for one request: sent alone, or joined with others (ReserveBatches). */
    public ScriptCall admitCall(String tenantId, List<Bucket> buckets, String member, String cacheKey, long recordMillis,
            List<String> recordFields) {
        return admitCall(tenantId, buckets, member, cacheKey, recordMillis, recordFields, List.of());
    }

    /**
     * @param ended members of requests that ended here and whose settlement is not acknowledged
     *     yet (EndedLeases): removed from this call's lease sets before they are counted
     */
    public ScriptCall admitCall(String tenantId, List<Bucket> buckets, String member, String cacheKey, long recordMillis,
            List<String> recordFields, List<String> ended) {
        int n = buckets.size();
        List<String> keyList = new ArrayList<>(n + 3);
        Packed args = new Packed(5 + ended.size() + 6 * n + recordFields.size(),
                64 + 32 * ended.size() + 48 * n + 32 * recordFields.size());
        args.add(n).add(cacheKey == null ? 0 : 1).add(member).add(recordMillis).add(ended.size());
        for (String gone : ended) {
            args.add(gone);
        }
        for (int i = 0; i < n; i++) {
            Bucket c = buckets.get(i);
            keyList.add(c.redisKey());
            args.add(c.kind().script()).add(c.field() == null ? "" : c.field()).add(Bounded.clamp(c.limit()))
                    .add(c.window()).add(Bounded.clamp(c.cost())).add(Bounded.clamp(c.seed()));
        }
        keyList.add(keys.reservation(tenantId, member));
        keyList.add(keys.reservationIndex(tenantId));
        if (cacheKey != null) {
            keyList.add(cacheKey);
        }
        for (String field : recordFields) {
            args.add(field);
        }
        return new ScriptCall(tenantId, keyList, args.bytes());
    }

    /**
     * @param deltas per check: tokens/cost to give back (tok) or to add (budget), see settle.lua
     */
    public CompletableFuture<List<Object>> settle(String tenantId, List<Bucket> buckets, long[] deltas, String member,
            String cacheKey, String cacheValue, long cacheTtlMillis, Map<String, String> event, long recordMillis) {
        return settle(tenantId, buckets, deltas, member, cacheKey, cacheValue, cacheTtlMillis, event, recordMillis, false);
    }

    /**
     * @param tracked admission recorded the reaper's fields: a missing record then means a reaper
     *     settled it already, and this call changes nothing (reply {@code gone})
     */
    public CompletableFuture<List<Object>> settle(String tenantId, List<Bucket> buckets, long[] deltas, String member,
            String cacheKey, String cacheValue, long cacheTtlMillis, Map<String, String> event, long recordMillis,
            boolean tracked) {
        return call("owner", tenantId, buckets, deltas, member, cacheValue == null ? null : cacheKey, cacheValue,
                cacheTtlMillis, event, recordMillis, tracked);
    }

    /**
     * Gives back what {@code member}'s admission reserved, if the script ran (it records that),
     * and stops a late-running admission from reserving: the compensation for a timed-out admit.
     */
    public CompletableFuture<List<Object>> release(String tenantId, List<Bucket> buckets, String member,
            long recordMillis) {
        return call("release", tenantId, buckets, SettleDeltas.refund(buckets), member, null, null, 0, null,
                recordMillis, false);
    }

    /**
     * Settles an expired reservation for an instance that stopped renewing it (the reaper): reply
     * {@code live} when it was renewed since, {@code gone} when its owner or another reaper settled it.
     */
    public CompletableFuture<List<Object>> reap(String tenantId, List<Bucket> buckets, long[] deltas, String member,
            Map<String, String> event, long recordMillis) {
        return call("reap", tenantId, buckets, deltas, member, null, null, 0, event, recordMillis, true);
    }

    private CompletableFuture<List<Object>> call(String mode, String tenantId, List<Bucket> buckets, long[] deltas,
            String member, String cacheKey, String cacheValue, long cacheTtlMillis, Map<String, String> event,
            long recordMillis, boolean tracked) {
        List<String> keyList = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(buckets.size()));
        args.add(member);
        args.add(mode);
        args.add(cacheValue == null ? "" : cacheValue);
        args.add(Long.toString(cacheTtlMillis));
        args.add(Integer.toString(event == null ? 0 : event.size()));
        args.add(Long.toString(recordMillis));
        args.add(tracked ? "1" : "0");
        for (int i = 0; i < buckets.size(); i++) {
            Bucket c = buckets.get(i);
            keyList.add(c.redisKey());
            args.add(c.kind().script());
            args.add(c.field() == null ? "" : c.field());
            args.add(Long.toString(Bounded.clamp(c.limit())));
            args.add(Long.toString(c.window()));
            args.add(Long.toString(Math.max(-Bounded.MAX, Math.min(Bounded.MAX, deltas[i]))));
        }
        keyList.add(keys.reservation(tenantId, member));
        keyList.add(keys.reservationIndex(tenantId));
        keyList.add(keys.usageStream(tenantId));
        if (cacheValue != null) {
            keyList.add(cacheKey);
        }
        if (event != null) {
            event.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        }
        // The release follows a timed-out admission and precedes the request's own settlement: it
        // must reach Redis first (see LuaScript#multiInOrder), and it is rare enough to send whole.
        return "release".equals(mode) ? SETTLE.multiInOrder(store, keyList, args) : SETTLE.multi(store, keyList, args);
    }
}
