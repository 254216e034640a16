package ai.factory.gateway.chat;

import java.time.Duration;
import java.util.Set;

/**
 * One chat platform behind the gateway: verify and parse its webhooks, and answer on it. This is
 * the whole contract; everything else (bindings, dedup, limits, memory, commands, the pipeline,
 * splitting long answers, retrying the platform's 429/5xx, usage) is the core's.
 *
 * <p>How a platform plugs in: a {@code @Singleton} implementing this interface in its own package
 * ({@code chat/slack}, {@code chat/line}, ...), returning its {@link Platform}. The core finds it by
 * {@link #platform()}; its webhook is {@code POST /chat/{platform}/{bindingId}}, and
 * {@link #receive} gets the binding that id names. Platform API base URLs come from configuration
 * ({@code chat.<platform>.api-url}) so tests point them at WireMock.
 *
 * <p>Threads: {@link #receive} runs on the blocking pool and must be quick (it only verifies and
 * parses); {@link #post} and {@link #edit} run on the chat worker pool and may block. Neither ever
 * runs on a Netty event loop. Implementations hold no per-request state.
 */
public interface ChatPlatform {

    Platform platform();

    /** The credential names a binding of this platform must carry; binding without one is a 400. */
    default Set<String> requiredCredentials() {
        return Set.of();
    }

    /**
     * Verifies the request as the platform signs it and parses it into turns. A bad or missing
     * signature, a timestamp outside the platform's window, or an event of another workspace is a
     * {@link WebhookOutcome.Rejected}; nothing may be processed or stored before it. Events the bot
     * does not answer (its own messages, joins, edits) give an Ack with no turns.
     */
    WebhookOutcome receive(ChannelBinding binding, WebhookRequest request);

    /** Posts {@code text} (already in the platform's format, within {@link #maxMessageLength()}). */
    PostedMessage post(ChannelBinding binding, ReplyTarget target, String text) throws PlatformCallException;

    /**
     * Replaces a posted message's text (streamed answers). Only called when {@link #streamsEdits()};
     * the default refuses.
     */
    default void edit(ChannelBinding binding, PostedMessage message, String text) throws PlatformCallException {
        throw new UnsupportedOperationException(platform().id() + " does not edit messages");
    }

    /** Markdown (what the products write) to the platform's format: Slack mrkdwn, Telegram MarkdownV2, plain text. */
    String format(String markdown);

    /**
     * The longest message, in UTF-16 code units (Java {@code char}s) of the formatted text; longer
     * answers are split by {@link MessageSplitter} into several messages.
     */
    int maxMessageLength();

    /** Whether an answer streams in as one message edited as tokens arrive. */
    default boolean streamsEdits() {
        return false;
    }

    /** The least time between two edits of one message: the platform's edit rate limit. */
    default Duration editInterval() {
        return Duration.ofSeconds(1);
    }
}
