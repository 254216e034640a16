package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.redis.LuaScript;
import ai.factory.gateway.redis.RedisStore;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Requests per minute per tenant and per upstream tool, in Redis: one script call before the
 * upstream is reached, exact across instances (see {@code lua/mcp_tool_limit.lua}). The key
 * carries the tenant's hash tag, like every key of the tenant's.
 */
@Singleton
public class ToolCallLimiter {

    static final long WINDOW_MILLIS = 60_000;
    private static final LuaScript SCRIPT = LuaScript.load("lua/mcp_tool_limit.lua");

    private final RedisStore store;

    public ToolCallLimiter(RedisStore store) {
        this.store = store;
    }

    /** What the limit said: admitted, or refused with the wait until a call leaves the window. */
    public record Verdict(boolean admitted, long retryAfterMillis) {

        static final Verdict UNLIMITED = new Verdict(true, 0);

        public long retryAfterSeconds() {
            return Math.max(1, (retryAfterMillis + 999) / 1000);
        }
    }

    CompletableFuture<Verdict> check(String tenantId, String tool, int perMinute, String callId) {
        if (perMinute <= 0) {
            return CompletableFuture.completedFuture(Verdict.UNLIMITED);
        }
        String key = "mcp:rl:" + store.keys().tag(tenantId) + ":" + tenantId + ":" + tool;
        return SCRIPT.multi(store, List.of(key), List.of(Integer.toString(perMinute), Long.toString(WINDOW_MILLIS), callId))
                .thenApply(reply -> {
                    boolean admitted = ((Number) reply.get(0)).longValue() == 1;
                    return new Verdict(admitted, admitted ? 0 : ((Number) reply.get(1)).longValue());
                });
    }
}
