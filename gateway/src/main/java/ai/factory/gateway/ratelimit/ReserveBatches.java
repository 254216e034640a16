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
 * Admissions, joined: those of a shard that queue up while its previous call is out leave
 * together as one {@code admit_batch.lua} call (see {@link Batcher}). Each stays all or nothing
 * and gets admit.lua's own reply, so its rate-limit headers are its own; one whose part of the
 * script failed fails alone, as a single call would.
 */
public final class ReserveBatches {

    private static final LuaScript SCRIPT = LuaScript.load("lua/admit_one.lua", "lua/admit_batch.lua");

    private final RedisStore store;
    private final RedisKeys keys;
    private final Batcher<LimiterScripts.ScriptCall, Object> batcher;

    public ReserveBatches(RedisStore store, int maxBatch, Duration timeout) {
        this.store = store;
        this.keys = store.keys();
        this.batcher = new Batcher<>(keys.shards(), maxBatch, timeout, (lane, calls) -> send(calls));
    }

    /** This call's entry of the batch's reply: admit.lua's reply, or {@code ERR <message>} (see ScriptReplies). */
    public CompletableFuture<Object> admit(LimiterScripts.ScriptCall call) {
        return batcher.submit(keys.shardOf(call.tenantId()), call);
    }

    /** One script call for {@code calls}, all of tenants of one shard. */
    public CompletableFuture<List<Object>> send(List<LimiterScripts.ScriptCall> calls) {
        List<String> keyList = new ArrayList<>(calls.size() * 8);
        List<byte[]> args = new ArrayList<>(calls.size());
        for (LimiterScripts.ScriptCall call : calls) {
            // Each admission is one packed argument, encoded on its caller's thread (admitCall).
            args.add(call.packed());
            keyList.addAll(call.keys());
        }
        return SCRIPT.multiBytes(store, keyList, args);
    }
}
