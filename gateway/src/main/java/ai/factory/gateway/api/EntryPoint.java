package ai.factory.gateway.api;

import io.micronaut.http.HttpRequest;

/**
 * Which entry point a request came through when not the HTTP API ({@code mcp}, a chat
 * platform): marked on the HTTP request by the entry point, read once by the pipeline into the
 * request's usage event. One typed accessor, so no caller spells the attribute's name.
 */
public final class EntryPoint {

    private static final String ATTRIBUTE = "gateway.channel";

    private EntryPoint() {
    }

    public static void mark(HttpRequest<?> http, String channel) {
        http.setAttribute(ATTRIBUTE, channel);
    }

    static String of(HttpRequest<?> http) {
        return http.getAttribute(ATTRIBUTE, String.class).orElse(null);
    }
}
