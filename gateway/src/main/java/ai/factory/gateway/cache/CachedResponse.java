package ai.factory.gateway.cache;

/**
 * A response as the cache stores it: the content type and the body exactly as the client got
 * it (a JSON document, or a whole SSE stream), so a replay is byte for byte the original.
 * Stored as text, "v1", content type and body separated by newlines.
 */
public record CachedResponse(String contentType, String body, String model) {

    private static final String VERSION = "v1";

    public String encode() {
        return VERSION + "\n" + contentType + "\n" + model + "\n" + body;
    }

    /** Null for an entry this version cannot read: treated as a miss rather than an error. */
    public static CachedResponse decode(String stored) {
        if (stored == null || !stored.startsWith(VERSION + "\n")) {
            return null;
        }
        int a = stored.indexOf('\n');
        int b = stored.indexOf('\n', a + 1);
        int c = b < 0 ? -1 : stored.indexOf('\n', b + 1);
        if (b < 0 || c < 0) {
            return null;
        }
        return new CachedResponse(stored.substring(a + 1, b), stored.substring(c + 1), stored.substring(b + 1, c));
    }
}
