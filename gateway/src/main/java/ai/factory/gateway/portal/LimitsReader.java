package ai.factory.gateway.portal;

import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.ScriptReplies;
import ai.factory.gateway.redis.LuaScript;
import ai.factory.gateway.redis.RedisStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads the admission counters of some buckets in one Redis round trip, without touching them
 * (lua/peek_limits.lua). Asynchronous: the caller's event loop never waits on Redis.
 */
@Singleton
public class LimitsReader {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private final RedisStore redis;
    private static final LuaScript PEEK = LuaScript.load("lua/peek_limits.lua");

    public LimitsReader(RedisStore redis) {
        this.redis = redis;
    }

    /** Per bucket: what is used now and the milliseconds until full again (-1 for budgets). */
    public CompletableFuture<List<ScriptReplies.Level>> read(List<Bucket> buckets) {
        if (buckets.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<String> keys = buckets.stream().map(Bucket::redisKey).toList();
        List<String> args = new ArrayList<>();
        for (Bucket c : buckets) {
            args.add(c.kind().script());
            args.add(c.field() == null ? "" : c.field());
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(c.window()));
            args.add(Long.toString(c.seed()));
        }
        return PEEK.multi(redis, keys, args)
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(reply -> ScriptReplies.levels(reply, buckets.size()));
    }
}
