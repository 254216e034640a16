package ai.factory.gateway.admin;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.management.endpoint.EndpointsFilter;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import java.security.Principal;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Guards every management endpoint ({@code /prometheus}, and any other that is enabled) and every
 * {@code /admin} route with the operator token. It decides on the route the router actually
 * matched, not on the path text, so {@code //prometheus}, {@code /%70rometheus} or
 * {@code /prometheus;x} cannot slip past a pattern. Anonymous callers keep {@code /health} (and
 * its liveness/readiness selectors) with the status only; with the admin token the health
 * details are shown. {@code /prometheus} also takes the scrape token.
 *
 * <p>It replaces Micronaut's own {@link EndpointsFilter}, which would check each request's route
 * for a sensitive endpoint a second time (none is sensitive: this guard decides). What a route is
 * (management, admin, other) is worked out once per route and kept, so a proxy request pays one
 * identity-map look-up here.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
@Replaces(EndpointsFilter.class)
public final class ManagementGuard implements Ordered {

    /** What a matched route is, as far as this guard cares. */
    private enum Kind { OTHER, ADMIN, HEALTH, PROMETHEUS, MANAGEMENT }

    /** The caller {@code details-visible: AUTHENTICATED} sees on {@code /health}. */
    private static final Principal OPERATOR = () -> "operator";
    private static final int MAX_ROUTES = 1024;

    private final AdminToken token;
    private final EndpointSensitivityProcessor endpoints;
    /** Per route (by identity: routes live as long as the router), copied on write: few routes, read on every request. */
    private volatile Map<Object, Kind> kinds = new IdentityHashMap<>();

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
        Kind kind = kindOf(method);
        if (kind == Kind.OTHER) {
            return null;
        }
        if (token.presentedBy(request)) {
            request.setUserPrincipal(OPERATOR);
            return null;
        }
        if (kind == Kind.HEALTH || kind == Kind.PROMETHEUS && token.scrapeAllowed(request)) {
            return null;
        }
        return ErrorResponses.of(GatewayError.unauthorized(kind == Kind.ADMIN
                ? "admin token missing or wrong"
                : "management endpoints need the admin token (or, for /prometheus, the scrape token)"));
    }

    private Kind kindOf(MethodBasedRouteMatch<?, ?> method) {
        Object route = method.getRouteInfo();
        Kind kind = kinds.get(route);
        if (kind == null) {
            kind = classify(method);
            if (kinds.size() >= MAX_ROUTES) {
                // Routes are the application's, a few dozen; a router that made them per request is not cached.
                return kind;
            }
            Map<Object, Kind> more = new IdentityHashMap<>(kinds);
            more.put(route, kind);
            kinds = more;
        }
        return kind;
    }

    private Kind classify(MethodBasedRouteMatch<?, ?> method) {
        if (endpoints.getEndpointMethods().containsKey(method.getExecutableMethod())) {
            if (HealthEndpoint.class.isAssignableFrom(method.getDeclaringType())) {
                return Kind.HEALTH;
            }
            return "prometheus".equals(endpointId(method)) ? Kind.PROMETHEUS : Kind.MANAGEMENT;
        }
        boolean admin = method instanceof UriRouteMatch<?, ?> uri
                && uri.getRouteInfo().getUriMatchTemplate().toPathString().startsWith("/admin");
        return admin ? Kind.ADMIN : Kind.OTHER;
    }

    private static String endpointId(MethodBasedRouteMatch<?, ?> method) {
        var metadata = method.getExecutableMethod().getAnnotationMetadata();
        return metadata.stringValue(Endpoint.class, "id").or(() -> metadata.stringValue(Endpoint.class)).orElse("");
    }
}
