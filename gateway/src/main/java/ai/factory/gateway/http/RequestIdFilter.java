package ai.factory.gateway.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;

/** Every response, errors and framework 404s included, carries the request's {@code x-request-id}. */
@ServerFilter(value = "/**", patternStyle = FilterPatternStyle.ANT)
public final class RequestIdFilter {

    @RequestFilter
    public void assign(HttpRequest<?> request) {
        request.setAttribute(RequestIds.ATTRIBUTE, RequestIds.choose(request.getHeaders().get(RequestIds.HEADER)));
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        response.header(RequestIds.HEADER, RequestIds.of(request));
    }
}
