package ai.factory.gateway.admin;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.PathPatterns;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * Guards {@code /admin/**} with the operator token ({@link AdminToken}). Declared on {@code /**}
 * and matched here: see PathPatterns for what that saves every request.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public final class AdminTokenFilter {

    private static final PathPatterns ADMIN = new PathPatterns("/admin/**");

    private final AdminToken token;

    public AdminTokenFilter(AdminToken token) {
        this.token = token;
    }

    /** @return null to let the request through, or the 401 that ends it */
    @RequestFilter
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        if (!ADMIN.matches(request.getPath())) {
            return null;
        }
        if (!token.configured()) {
            return ErrorResponses.of(GatewayError.unauthorized(
                    "the admin API is disabled: no admin token is configured (GATEWAY_ADMIN_TOKEN)"));
        }
        if (!token.presentedBy(request)) {
            return ErrorResponses.of(GatewayError.unauthorized("admin token missing or wrong"));
        }
        return null;
    }
}
