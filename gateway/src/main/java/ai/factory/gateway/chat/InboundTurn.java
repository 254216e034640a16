package ai.factory.gateway.chat;

/**
 * One thing an end user said to the bot, verified and parsed: a message, a mention, a direct
 * message or a slash command.
 *
 * @param eventId the platform's id of the delivery (Slack event_id, Telegram update_id, LINE
 *        webhookEventId, Teams activity id, Zalo event id): a turn with an id already seen is dropped,
 *        so a retried delivery is answered once
 * @param conversation the channel, chat or group (memory is per {@code conversation} + {@code thread})
 * @param thread the thread inside it, or the conversation again when the platform has none
 * @param endUser the platform's user id, hashed by {@link EndUsers#hash}: never the raw id
 * @param text what the user wrote, without the bot mention; a command starts with {@code /}
 * @param reply where and how to answer
 */
public record InboundTurn(ChannelBinding binding, String eventId, String conversation, String thread, String endUser,
        String text, ReplyTarget reply) {
}
