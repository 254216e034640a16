package ai.factory.gateway.chat.memory;

import ai.factory.gateway.redis.RedisStore;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * LangChain4j's memory store in Redis: one string key per {@link Conversation}, the messages as
 * LangChain4j's own JSON, expiring {@code ttl} after the last turn. Blocking: used on the chat
 * workers only.
 */
public final class RedisChatMemoryStore implements ChatMemoryStore {

    private static final long TIMEOUT_SECONDS = 2;

    private final RedisStore redis;
    private final Duration ttl;

    public RedisChatMemoryStore(RedisStore redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    static String key(RedisStore redis, Conversation c) {
        return "chat:" + redis.keys().tag(c.tenantId()) + ":" + c.tenantId() + ":mem:" + c.digest();
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        String stored = await(redis.async().get(key(redis, (Conversation) memoryId)).toCompletableFuture());
        return stored == null ? List.of() : ChatMessageDeserializer.messagesFromJson(stored);
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        await(redis.async().set(key(redis, (Conversation) memoryId), ChatMessageSerializer.messagesToJson(messages),
                SetArgs.Builder.px(ttl.toMillis())).toCompletableFuture());
    }

    @Override
    public void deleteMessages(Object memoryId) {
        await(redis.async().del(key(redis, (Conversation) memoryId)).toCompletableFuture());
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Redis", e);
        } catch (Exception e) {
            throw new IllegalStateException("conversation memory is unavailable", e);
        }
    }
}
