package ai.factory.gateway.chat;

import java.util.Set;

/**
 * A platform workspace, team, bot or official account bound to a tenant: who pays for its turns,
 * what its users may run, and how it is verified and answered.
 *
 * @param id the binding's id; it is the last segment of the webhook URL the platform calls
 * @param workspace the platform's id of what is bound (Slack team id, Telegram bot id, LINE
 *        channel id, Teams app id, Zalo OA id); an event from another workspace is refused
 * @param defaultProduct the product a plain message talks to (a chat product: chat-assistant)
 * @param allowedProducts the products commands may run; empty means every product the tenant may use
 * @param endUserRequestsPerMinute requests one end user may make per minute; 0 means no per-person limit
 * @param channels the platform's channels (Slack channel ids, Telegram group chat ids) where every
 *        plain message is answered; elsewhere only mentions, direct messages and commands are
 */
public record ChannelBinding(String id, String tenantId, Platform platform, String workspace, String defaultProduct,
        Set<String> allowedProducts, int endUserRequestsPerMinute, ChannelCredentials credentials,
        Set<String> channels) {

    public ChannelBinding {
        allowedProducts = Set.copyOf(allowedProducts);
        channels = Set.copyOf(channels);
    }

    /** A binding with no bound channels. */
    public ChannelBinding(String id, String tenantId, Platform platform, String workspace, String defaultProduct,
            Set<String> allowedProducts, int endUserRequestsPerMinute, ChannelCredentials credentials) {
        this(id, tenantId, platform, workspace, defaultProduct, allowedProducts, endUserRequestsPerMinute, credentials,
                Set.of());
    }

    /** Whether every plain message in {@code channel} is answered. */
    public boolean listensIn(String channel) {
        return channels.contains(channel);
    }

    public boolean allows(String product) {
        return product.equals(defaultProduct) || allowedProducts.isEmpty() || allowedProducts.contains(product);
    }

    /** The key id of usage events and admission for turns of this binding: the binding is the credential. */
    public String keyId() {
        return "chat:" + id;
    }
}
