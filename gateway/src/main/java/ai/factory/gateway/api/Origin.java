package ai.factory.gateway.api;

import io.micronaut.http.HttpRequest;

/**
 * Where a request entered when not through the HTTP API: the channel ({@code slack},
 * {@code telegram}, {@code mcp}, ...) and the hashed end user, carried as one typed request
 * attribute into the usage event ({@link Exchange#channel}, {@link Exchange#endUser}).
 */
public record Origin(String channel, String endUser) {

    static final String ATTRIBUTE = Origin.class.getName();

    /** Marks {@code request} as entering through this origin. */
    public <T extends HttpRequest<?>> T on(T request) {
        request.setAttribute(ATTRIBUTE, this);
        return request;
    }

    static void apply(HttpRequest<?> request, Exchange x) {
        request.getAttribute(ATTRIBUTE, Origin.class).ifPresent(o -> {
            x.channel = o.channel();
            x.endUser = o.endUser();
        });
    }
}
