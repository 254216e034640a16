package ai.factory.gateway.chat;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posting on a platform, with its rules: formatted, split at its length limit, and each call
 * retried on 429/5xx after the platform's hint (or a doubling back-off) within a bounded budget,
 * then given up. Runs on the chat workers; sleeping here blocks no event loop.
 */
@Singleton
public class Replies {

    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    private final ChatConfig config;

    public Replies(ChatConfig config) {
        this.config = config;
    }

    /** Posts a whole answer (Markdown) as one or more messages; returns the first one posted. */
    public PostedMessage send(ChatPlatform platform, ChannelBinding binding, ReplyTarget target, String markdown) {
        PostedMessage first = null;
        for (String part : parts(platform, markdown)) {
            PostedMessage posted = call(platform, () -> platform.post(binding, target, part));
            first = first == null ? posted : first;
        }
        return first;
    }

    /** The answer as the platform shows it, in messages of at most its length. */
    public List<String> parts(ChatPlatform platform, String markdown) {
        String text = markdown.isEmpty() ? " " : markdown;
        // Split the Markdown, then format each part: cutting formatted text could separate an escape
        // from what it escapes. Escapes make a part longer, so shrink until every part fits.
        int max = platform.maxMessageLength();
        for (int limit = max; ; limit = Math.max(2, limit * 3 / 4)) {
            List<String> parts = MessageSplitter.split(text, limit).stream().map(platform::format).toList();
            if (limit == 2 || parts.stream().allMatch(p -> p.length() <= max)) {
                return parts;
            }
        }
    }

    public void edit(ChatPlatform platform, ChannelBinding binding, PostedMessage message, String formatted) {
        call(platform, () -> {
            platform.edit(binding, message, formatted);
            return null;
        });
    }

    public PostedMessage post(ChatPlatform platform, ChannelBinding binding, ReplyTarget target, String formatted) {
        return call(platform, () -> platform.post(binding, target, formatted));
    }

    <T> T call(ChatPlatform platform, Supplier<T> call) {
        Duration backoff = Duration.ofMillis(500);
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (PlatformCallException e) {
                if (!e.retryable() || attempt >= config.replyAttempts()) {
                    LOG.warn("{} API call failed with {} after {} attempt(s); reply dropped", platform.platform().id(),
                            e.status(), attempt);
                    throw e;
                }
                Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff;
                backoff = backoff.multipliedBy(2);
                sleep(wait.compareTo(config.maxRetryWait()) > 0 ? config.maxRetryWait() : wait);
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformCallException(0, null, "interrupted while waiting to retry");
        }
    }
}
