package ai.factory.gateway.http;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/**
 * Every request gets the gateway's own id; a client's {@code x-request-id} is checked and kept for
 * correlation (see {@link RequestIds}). An id that could break a header, a log line or a key is a
 * 400 naming {@code x-request-id}, before anything else runs. Every response, errors and framework
 * 404s included, carries both ids.
 */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public final class RequestIdFilter {

    @RequestFilter
    @Nullable
    public HttpResponse<?> assign(HttpRequest<?> request) {
        String ours = RequestIds.generate();
        request.setAttribute(RequestIds.ATTRIBUTE, ours);
        String offered = request.getHeaders().get(RequestIds.HEADER);
        if (offered == null) {
            return null;
        }
        try {
            request.setAttribute(RequestIds.CLIENT_ATTRIBUTE, ClientIds.token(RequestIds.HEADER, offered));
            return null;
        } catch (GatewayError invalid) {
            // A response made here skips the response filters: it carries our id itself.
            return ErrorResponses.of(invalid).header(RequestIds.HEADER, ours).header(RequestIds.GATEWAY_HEADER, ours);
        }
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String ours = RequestIds.of(request);
        String client = RequestIds.clientOf(request);
        response.header(RequestIds.HEADER, client != null ? client : ours);
        response.header(RequestIds.GATEWAY_HEADER, ours);
    }
}
