package ai.factory.gateway.chat;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.chat.*}: the credentials key, memory bounds, dedup window and reply retry budget.
 *
 * @param channelKey base64 of 32 bytes (AES-256), from GATEWAY_CHANNEL_KEY; without it channels cannot be bound
 * @param memoryTokens conversation memory per thread, in tokens (LangChain4j token window)
 * @param memoryTtl how long an idle conversation is remembered
 * @param dedupTtl how long a delivered event id is remembered, against platform retries
 * @param workers threads answering turns (they block on the platforms' APIs, never on an event loop)
 * @param queue turns waiting for a worker before new ones are dropped (the platform will retry)
 * @param replyAttempts attempts of one platform call on 429/5xx before the reply is dropped
 * @param maxRetryWait the longest wait honoured from a platform's retry hint
 */
@ConfigurationProperties("gateway.chat")
public record ChatConfig(
        @Nullable String channelKey,
        @Bindable(defaultValue = "2000") int memoryTokens,
        @Bindable(defaultValue = "24h") Duration memoryTtl,
        @Bindable(defaultValue = "1h") Duration dedupTtl,
        @Bindable(defaultValue = "8") int workers,
        @Bindable(defaultValue = "1000") int queue,
        @Bindable(defaultValue = "3") int replyAttempts,
        @Bindable(defaultValue = "30s") Duration maxRetryWait) {

    public ChatConfig {
        channelKey = channelKey == null ? "" : channelKey;
    }
}
