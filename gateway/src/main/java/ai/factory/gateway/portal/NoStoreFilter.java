package ai.factory.gateway.portal;

import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * {@code cache-control: no-store} on every answer the two pages read (the admin API, the
 * tenant's usage, limits, catalog and OpenAPI document): they hold tenants' data and keys, which no
 * browser or proxy cache should keep. Not on the model and invoke calls: the hot path is untouched.
 */
@ServerFilter(value = {"/admin/**", "/v1/usage", "/v1/limits", "/v1/products", "/v1/products/*", "/v1/openapi.json"},
        patternStyle = FilterPatternStyle.ANT)
public final class NoStoreFilter {

    @ResponseFilter
    public void noStore(MutableHttpResponse<?> response) {
        response.getHeaders().set("cache-control", "no-store");
    }
}
