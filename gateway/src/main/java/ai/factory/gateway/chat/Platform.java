package ai.factory.gateway.chat;

import java.util.Locale;

/**
 * The chat platforms a tenant can bind. The name is the {@code channel} of usage events and the
 * path segment of the webhook ({@code POST /chat/{platform}/{bindingId}}).
 */
public enum Platform {
    SLACK, TELEGRAM, LINE, TEAMS, ZALO;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The platform named {@code id} (any case), or null when there is none. */
    public static Platform of(String id) {
        for (Platform p : values()) {
            if (p.id().equalsIgnoreCase(id)) {
                return p;
            }
        }
        return null;
    }
}
