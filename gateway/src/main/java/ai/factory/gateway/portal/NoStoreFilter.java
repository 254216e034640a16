package ai.factory.gateway.portal;

import ai.factory.gateway.http.PathPatterns;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * {@code cache-control: no-store} on every answer the two pages read (the admin API, the
 * tenant's usage, limits, catalog and OpenAPI document): they hold tenants' data and keys, which no
 * browser or proxy cache should keep. Not on the model and invoke calls: the hot path is untouched.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public final class NoStoreFilter {

    /** Matched here, not in the annotation: see PathPatterns for what that saves every request. */
    private static final PathPatterns PAGES = new PathPatterns("/admin/**", "/v1/usage", "/v1/limits", "/v1/products",
            "/v1/products/*", "/v1/openapi.json");

    @ResponseFilter
    public void noStore(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (PAGES.matches(request.getPath())) {
            response.getHeaders().set("cache-control", "no-store");
        }
    }
}
