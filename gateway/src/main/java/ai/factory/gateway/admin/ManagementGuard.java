package ai.factory.gateway.admin;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.security.Principal;

/**
 * Guards every management endpoint ({@code /prometheus}, and any other that is enabled) and every
 * {@code /admin} route with the operator token. It decides on the route the router actually
 * matched, not on the path text, so {@code //prometheus}, {@code /%70rometheus} or
 * {@code /prometheus;x} cannot slip past a pattern. Anonymous callers keep {@code /health} (and
 * its liveness/readiness selectors) with the status only; with the admin token the health
 * details are shown. {@code /prometheus} also takes the scrape token.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public final class ManagementGuard implements Ordered {

    /** The caller {@code details-visible: AUTHENTICATED} sees on {@code /health}. */
    private static final Principal OPERATOR = () -> "operator";

    private final AdminToken token;
    private final EndpointSensitivityProcessor endpoints;

    public ManagementGuard(AdminToken token, EndpointSensitivityProcessor endpoints) {
        this.token = token;
        this.endpoints = endpoints;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    /** @return null to let the request through, or the 401 that ends it */
    @RequestFilter
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        RouteMatch<?> match = RouteAttributes.getRouteMatch(request).orElse(null);
        if (!(match instanceof MethodBasedRouteMatch<?, ?> method)) {
            return null;
        }
        boolean management = endpoints.getEndpointMethods().containsKey(method.getExecutableMethod());
        boolean admin = match instanceof UriRouteMatch<?, ?> uri
                && uri.getRouteInfo().getUriMatchTemplate().toPathString().startsWith("/admin");
        if (!management && !admin) {
            return null;
        }
        if (token.presentedBy(request)) {
            request.setUserPrincipal(OPERATOR);
            return null;
        }
        if (management && HealthEndpoint.class.isAssignableFrom(method.getDeclaringType())) {
            return null;
        }
        if (management && "prometheus".equals(endpointId(method)) && token.scrapeAllowed(request)) {
            return null;
        }
        return ErrorResponses.of(GatewayError.unauthorized(admin
                ? "admin token missing or wrong"
                : "management endpoints need the admin token (or, for /prometheus, the scrape token)"));
    }

    private static String endpointId(MethodBasedRouteMatch<?, ?> method) {
        var metadata = method.getExecutableMethod().getAnnotationMetadata();
        return metadata.stringValue(Endpoint.class, "id").or(() -> metadata.stringValue(Endpoint.class)).orElse("");
    }
}
