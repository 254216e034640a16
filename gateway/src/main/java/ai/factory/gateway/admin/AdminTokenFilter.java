package ai.factory.gateway.admin;

import ai.factory.gateway.auth.ApiKeyCodec;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * Guards {@code /admin/**} with the operator token. The comparison hashes both sides and compares
 * digests with {@code MessageDigest.isEqual}, so timing reveals nothing about the token.
 */
@ServerFilter(value = "/admin/**", patternStyle = FilterPatternStyle.ANT)
public final class AdminTokenFilter {

    private final AdminConfig config;

    public AdminTokenFilter(AdminConfig config) {
        this.config = config;
    }

    /** @return null to let the request through, or the 401 that ends it */
    @RequestFilter
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        String expected = config.getToken();
        if (expected == null || expected.isBlank()) {
            return ErrorResponses.of(GatewayError.unauthorized(
                    "the admin API is disabled: no admin token is configured (GATEWAY_ADMIN_TOKEN)"));
        }
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        String offered = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim() : null;
        if (offered == null || !ApiKeyCodec.constantTimeEquals(offered, expected)) {
            return ErrorResponses.of(GatewayError.unauthorized("admin token missing or wrong"));
        }
        return null;
    }
}
