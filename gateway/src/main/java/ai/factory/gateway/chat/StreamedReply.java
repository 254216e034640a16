package ai.factory.gateway.chat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An answer streamed in as one message edited as tokens arrive. The tokens are appended on
 * whatever thread the backend's stream delivers them (an event loop: nothing else happens there);
 * this worker wakes every {@link ChatPlatform#editInterval()} (the platform's edit rate) and posts
 * or edits with what has arrived. At the end the whole answer is formatted and split: the message
 * is edited to the first part, the rest are posted after it.
 */
final class StreamedReply {

    private final StringBuffer arrived = new StringBuffer();
    private final ChatPlatform platform;
    private final ChannelBinding binding;
    private final ReplyTarget target;
    private final Replies replies;
    private PostedMessage posted;
    private String shown = "";

    StreamedReply(ChatPlatform platform, ChannelBinding binding, ReplyTarget target, Replies replies) {
        this.platform = platform;
        this.binding = binding;
        this.target = target;
        this.replies = replies;
    }

    void append(String piece) {
        arrived.append(piece);
    }

    /** Follows the answer until it is complete; returns it, or throws what ended it. */
    String follow(CompletableFuture<String> answer) throws InterruptedException, ExecutionException {
        long tick = Math.max(50, platform.editInterval().toMillis());
        while (true) {
            try {
                String whole = answer.get(tick, TimeUnit.MILLISECONDS);
                finish(whole);
                return whole;
            } catch (TimeoutException notYet) {
                show(arrived.toString());
            } catch (ExecutionException failed) {
                if (posted != null) {
                    // The user saw part of an answer: say it broke off rather than leave it looking whole.
                    tryShow(shown + "\n…");
                }
                throw failed;
            }
        }
    }

    private void show(String text) {
        if (text.isBlank() || text.equals(shown)) {
            return;
        }
        String formatted = platform.format(text);
        if (formatted.length() > platform.maxMessageLength()) {
            return; // past one message: the rest waits for the end, where it is split
        }
        tryShow(formatted);
        shown = text;
    }

    private void tryShow(String formatted) {
        try {
            if (posted == null) {
                posted = replies.post(platform, binding, target, formatted);
            } else {
                replies.edit(platform, binding, posted, formatted);
            }
        } catch (PlatformCallException e) {
            // A lost interim edit is harmless: the final edit carries everything.
        }
    }

    private void finish(String whole) {
        List<String> parts = replies.parts(platform, whole);
        int from = 0;
        if (posted != null) {
            replies.edit(platform, binding, posted, parts.get(0));
            from = 1;
        }
        for (int i = from; i < parts.size(); i++) {
            replies.post(platform, binding, target, parts.get(i));
        }
    }
}
