package ai.factory.gateway.chat.zalo;

/**
 * One Zalo Official Account webhook event as the gateway needs it.
 *
 * @param eventName Zalo's {@code event_name} ({@code user_send_text}, {@code follow}, ...)
 * @param senderId the user's id for this OA (raw: hash it before it leaves the chat layer)
 * @param oaId the official account the event was sent to
 * @param text the message text, null when the event has none
 * @param msgId Zalo's message id, null for events without a message
 */
public record ZaloEvent(String eventName, String appId, String senderId, String oaId, String text, String msgId,
        long timestampMillis) {

    /** The dedup key: the message id, or what else names the event once. */
    public String eventId() {
        return msgId != null ? msgId : eventName + ":" + senderId + ":" + timestampMillis;
    }

    public boolean isTextMessage() {
        return "user_send_text".equals(eventName) && text != null;
    }
}
