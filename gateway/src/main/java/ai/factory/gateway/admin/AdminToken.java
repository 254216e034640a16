package ai.factory.gateway.admin;

import ai.factory.gateway.auth.ApiKeyCodec;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Whether a request carries the operator's token (or, for the metrics scrape only, the scrape
 * token) as {@code Authorization: Bearer}. Both sides are hashed and the digests compared with
 * {@code MessageDigest.isEqual}, so timing reveals nothing about the token.
 */
@Singleton
public final class AdminToken {

    private final AdminConfig config;

    public AdminToken(AdminConfig config) {
        this.config = config;
    }

    public boolean configured() {
        return present(config.token());
    }

    public boolean presentedBy(HttpRequest<?> request) {
        return matches(request, config.token());
    }

    /** The scrape token, or the admin token: either may read {@code /prometheus}. */
    public boolean scrapeAllowed(HttpRequest<?> request) {
        return presentedBy(request) || matches(request, config.scrapeToken());
    }

    /** The admin token as the plain value of {@code header} (beside a tenant key in {@code Authorization}). */
    public boolean presentedIn(HttpRequest<?> request, String header) {
        String offered = request.getHeaders().get(header);
        return present(config.token()) && offered != null
                && ApiKeyCodec.constantTimeEquals(offered.trim(), config.token());
    }

    private static boolean matches(HttpRequest<?> request, String expected) {
        if (!present(expected)) {
            return false;
        }
        String offered = bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        return offered != null && ApiKeyCodec.constantTimeEquals(offered, expected);
    }

    private static String bearer(String header) {
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private static boolean present(String token) {
        return token != null && !token.isBlank();
    }
}
