package ai.factory.gateway.chat;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.time.Duration;

/** {@code gateway.chat.*}: the credentials key, memory bounds, dedup window and reply retry budget. */
@ConfigurationProperties("gateway.chat")
public final class ChatConfig {

    /** Base64 of 32 bytes (AES-256), from GATEWAY_CHANNEL_KEY; without it channels cannot be bound. */
    private String channelKey = "";
    /** Conversation memory per thread, in tokens (LangChain4j token window). */
    private int memoryTokens = 2000;
    /** How long an idle conversation is remembered. */
    private Duration memoryTtl = Duration.ofDays(1);
    /** How long a delivered event id is remembered, against platform retries. */
    private Duration dedupTtl = Duration.ofHours(1);
    /** Threads answering turns (they block on the platforms' APIs, never on an event loop). */
    private int workers = 8;
    /** Turns waiting for a worker before new ones are dropped (the platform will retry). */
    private int queue = 1000;
    /** Attempts of one platform call on 429/5xx before the reply is dropped. */
    private int replyAttempts = 3;
    /** The longest wait honoured from a platform's retry hint. */
    private Duration maxRetryWait = Duration.ofSeconds(30);

    public String getChannelKey() {
        return channelKey;
    }

    public void setChannelKey(String channelKey) {
        this.channelKey = channelKey;
    }

    public int getMemoryTokens() {
        return memoryTokens;
    }

    public void setMemoryTokens(int memoryTokens) {
        this.memoryTokens = memoryTokens;
    }

    public Duration getMemoryTtl() {
        return memoryTtl;
    }

    public void setMemoryTtl(Duration memoryTtl) {
        this.memoryTtl = memoryTtl;
    }

    public Duration getDedupTtl() {
        return dedupTtl;
    }

    public void setDedupTtl(Duration dedupTtl) {
        this.dedupTtl = dedupTtl;
    }

    public int getWorkers() {
        return workers;
    }

    public void setWorkers(int workers) {
        this.workers = workers;
    }

    public int getQueue() {
        return queue;
    }

    public void setQueue(int queue) {
        this.queue = queue;
    }

    public int getReplyAttempts() {
        return replyAttempts;
    }

    public void setReplyAttempts(int replyAttempts) {
        this.replyAttempts = replyAttempts;
    }

    public Duration getMaxRetryWait() {
        return maxRetryWait;
    }

    public void setMaxRetryWait(Duration maxRetryWait) {
        this.maxRetryWait = maxRetryWait;
    }
}
