package ai.factory.gateway.chat;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook call as received, before anything trusts it: the raw body (signatures are over the
 * exact bytes), the headers (looked up case-insensitively) and when it arrived.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body, Instant receivedAt) {

    public WebhookRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = Collections.unmodifiableMap(h);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
