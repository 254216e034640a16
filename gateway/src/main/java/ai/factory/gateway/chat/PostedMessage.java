package ai.factory.gateway.chat;

/** A message the bot posted, as the platform identifies it for later edits (Slack ts, Telegram message_id). */
public record PostedMessage(String conversation, String id) {
}
