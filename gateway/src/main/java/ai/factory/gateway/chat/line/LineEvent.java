package ai.factory.gateway.chat.line;

/**
 * One webhook event as the gateway needs it, taken from the SDK's model.
 *
 * @param eventId LINE's {@code webhookEventId}: the same on every redelivery, the dedup key
 * @param redelivery {@code deliveryContext.isRedelivery}: LINE sends it again after a failed ack
 * @param kind {@code message}, {@code follow}, {@code unfollow}, {@code join} or {@code other}
 * @param replyToken for a reply within LINE's short window, null for events without one
 * @param userId the end user (the platform's raw id: hash it before it leaves the chat layer)
 * @param chatId where a push goes: the group, the room, or the user for a one-to-one chat
 * @param text the message's text, null when the event carries none (a sticker, a follow)
 */
public record LineEvent(String eventId, boolean redelivery, String kind, String replyToken, String userId,
        String chatId, String text, long timestampMillis) {

    public boolean isTextMessage() {
        return "message".equals(kind) && text != null;
    }
}
