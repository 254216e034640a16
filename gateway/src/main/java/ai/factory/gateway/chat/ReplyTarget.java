package ai.factory.gateway.chat;

import java.util.Map;

/**
 * Where a turn's answer goes, in the platform's own terms: the conversation (Slack channel,
 * Telegram chat, LINE user/group, Teams conversation, Zalo user), the thread or message to answer
 * in, and whatever else the platform needs to reply (LINE's reply token, Teams' service URL and
 * activity id) in {@code extra}. Built by {@link ChatPlatform#receive}, read only by the same platform.
 */
public record ReplyTarget(String conversation, String thread, Map<String, String> extra) {

    public ReplyTarget {
        extra = Map.copyOf(extra);
    }

    public static ReplyTarget of(String conversation, String thread) {
        return new ReplyTarget(conversation, thread, Map.of());
    }
}
