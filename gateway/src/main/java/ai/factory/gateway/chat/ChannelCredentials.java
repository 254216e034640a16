package ai.factory.gateway.chat;

import java.util.Map;
import java.util.Set;

/**
 * A binding's platform secrets, decrypted, in memory only (signing secret, bot token, channel
 * secret, app password...). Names are the platform's own ({@code signing_secret}, {@code bot_token},
 * {@code secret_token}, {@code channel_secret}, {@code access_token}, {@code app_id},
 * {@code oa_secret_key}); each platform says which it requires. {@link #toString()} never shows a value.
 */
public record ChannelCredentials(Map<String, String> values) {

    public ChannelCredentials {
        values = Map.copyOf(values);
    }

    /** The secret called {@code name}; a missing one is a broken binding, refused loudly. */
    public String require(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("the channel binding has no credential '" + name + "'");
        }
        return value;
    }

    public String get(String name) {
        return values.get(name);
    }

    public Set<String> names() {
        return values.keySet();
    }

    @Override
    public String toString() {
        return "ChannelCredentials" + values.keySet();
    }
}
