package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.redis.LuaScript;
import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * renew.lua and reap.lua over Lettuce's asynchronous API, reloaded when Redis lost them. On a
 * cluster each call goes to the node owning its keys' slot (callers keep a call in one shard).
 */
final class ExpiryScripts {

    private final RedisStore redis;
    private static final LuaScript RENEW = LuaScript.load("lua/renew.lua");
    private static final LuaScript REAP = LuaScript.load("lua/reap.lua");

    ExpiryScripts(RedisStore redis) {
        this.redis = redis;
    }

    /** @return how many reservations were renewed */
    CompletableFuture<Long> renew(List<String> keys, List<String> args) {
        return RENEW.run(redis, ScriptOutputType.INTEGER, keys, args);
    }

    /** @return the record keys this caller claimed */
    CompletableFuture<List<String>> claim(String index, int most, long claimMillis) {
        return REAP.run(redis, ScriptOutputType.MULTI, List.of(index), List.of(Integer.toString(most), Long.toString(claimMillis)));
    }

    CompletableFuture<java.util.Map<String, String>> read(String record) {
        return redis.async().hgetall(record).toCompletableFuture();
    }

    CompletableFuture<Long> unlist(String index, String record) {
        return redis.async().zrem(index, record).toCompletableFuture();
    }
}
