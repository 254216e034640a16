package ai.factory.gateway.chat;

import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The chat state every instance shares, in Redis: which deliveries were taken (so a platform's
 * retry, on any instance, is answered once) and each end user's requests this minute. Keys sit
 * under the tenant's hash tag. Blocking calls with a short timeout: never on an event loop.
 */
@Singleton
public class ChatState {

    private static final long TIMEOUT_SECONDS = 2;

    private final RedisStore redis;
    private final ChatConfig config;
    private final Clock clock;

    public ChatState(RedisStore redis, ChatConfig config) {
        this(redis, config, Clock.systemUTC());
    }

    ChatState(RedisStore redis, ChatConfig config, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
    }

    /** True for the first delivery of {@code eventId} to this binding: it is now taken (in flight). */
    public boolean take(ChannelBinding binding, String eventId) {
        String set = await(redis.async().set(seenKey(binding, eventId), "taken",
                SetArgs.Builder.nx().px(config.dedupTtl().toMillis())).toCompletableFuture());
        return "OK".equals(set);
    }

    /** Gives a taken delivery back (it could not be queued): the platform's retry will be answered. */
    public void release(ChannelBinding binding, String eventId) {
        await(redis.async().del(seenKey(binding, eventId)).toCompletableFuture());
    }

    /**
     * Counts one request of {@code endUser} in the current minute; returns 0 when within the
     * binding's per-person limit, else the seconds until the next minute.
     */
    public long endUserRetryAfter(ChannelBinding binding, String endUser) {
        if (binding.endUserRequestsPerMinute() <= 0) {
            return 0;
        }
        long now = clock.millis();
        long minute = now / 60_000;
        String key = prefix(binding) + "eu:" + binding.id() + ":" + endUser + ":" + minute;
        long count = await(redis.async().incr(key).toCompletableFuture());
        if (count == 1) {
            await(redis.async().pexpire(key, 61_000).toCompletableFuture());
        }
        return count <= binding.endUserRequestsPerMinute() ? 0 : Math.max(1, ((minute + 1) * 60_000 - now + 999) / 1000);
    }

    private String seenKey(ChannelBinding binding, String eventId) {
        // The platform's id is bounded and shaped by hashing it: it is not ours to trust.
        byte[] digest = Signatures.sha256(eventId.getBytes(StandardCharsets.UTF_8));
        return prefix(binding) + "seen:" + binding.id() + ":" + HexFormat.of().formatHex(digest, 0, 12);
    }

    private String prefix(ChannelBinding binding) {
        return "chat:" + redis.keys().tag(binding.tenantId()) + ":" + binding.tenantId() + ":";
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Redis", e);
        } catch (Exception e) {
            throw new Unavailable(e);
        }
    }

    /** Redis did not answer within the timeout (down, unreachable, or refusing). */
    public static final class Unavailable extends IllegalStateException {
        Unavailable(Throwable cause) {
            super("chat state in Redis is unavailable", cause);
        }
    }
}
