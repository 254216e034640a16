package ai.factory.gateway.admin;

import ai.factory.gateway.error.ErrorResponses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * The request path marks every response with operator-only detail: the endpoint that served it
 * ({@value #ENDPOINT_HEADER}) and, on a backend failure, what each backend said
 * ({@value #DETAIL_HEADER}). This filter removes both unless the request presented the admin
 * token in {@value #TOKEN_HEADER} (the {@code Authorization} header holds the tenant key), so an
 * operator can replay a tenant's call and see where it went, and a tenant never can.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public final class OperatorDetailFilter {

    public static final String TOKEN_HEADER = "x-gateway-admin-token";
    public static final String ENDPOINT_HEADER = ErrorResponses.ENDPOINT_HEADER;
    public static final String DETAIL_HEADER = ErrorResponses.DETAIL_HEADER;

    private final AdminToken token;

    public OperatorDetailFilter(AdminToken token) {
        this.token = token;
    }

    @ResponseFilter
    public void strip(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (!token.presentedIn(request, TOKEN_HEADER)) {
            response.getHeaders().remove(ENDPOINT_HEADER);
            response.getHeaders().remove(DETAIL_HEADER);
        }
    }
}
