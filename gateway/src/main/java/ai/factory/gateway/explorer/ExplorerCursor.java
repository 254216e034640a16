package ai.factory.gateway.explorer;

import ai.factory.gateway.error.GatewayError;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page ended: the (time, request id) of its last row. Pages are ordered by that pair,
 * newest first, so the next page is "strictly older than the cursor" whatever lands meanwhile:
 * no row is skipped or shown twice, and no OFFSET scan grows with the page number. Opaque to
 * clients (base64url), but it holds nothing secret.
 */
public record ExplorerCursor(Instant ts, String requestId) {

    public String encode() {
        String raw = ts + "|" + requestId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ExplorerCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar > 0 && bar < raw.length() - 1) {
                return new ExplorerCursor(Instant.parse(raw.substring(0, bar)), raw.substring(bar + 1));
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            // falls through to the error below
        }
        throw GatewayError.invalidRequest("cursor", "cursor is not one this API returned; start again without it");
    }
}
