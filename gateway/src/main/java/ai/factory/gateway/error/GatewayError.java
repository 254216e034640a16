package ai.factory.gateway.error;

import java.util.Map;

/**
 * A failure the client sees, in OpenAI's error vocabulary: status, {@code type}, {@code code}
 * and the offending {@code param}. Thrown anywhere on the request path; rendered once, by
 * {@link ErrorResponses}.
 */
public final class GatewayError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;
    private final String retryAfter;
    private final Map<String, String> headers;

    public GatewayError(int status, String type, String code, String param, String message, String retryAfter) {
        this(status, type, code, param, message, retryAfter, Map.of());
    }

    private GatewayError(int status, String type, String code, String param, String message, String retryAfter,
            Map<String, String> headers) {
        super(message, null, false, false);
        this.headers = headers;
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
        this.retryAfter = retryAfter;
    }

    public static GatewayError invalidRequest(String param, String message) {
        return new GatewayError(400, "invalid_request_error", "invalid_request", param, message, null);
    }

    public static GatewayError unauthorized(String message) {
        return new GatewayError(401, "authentication_error", "invalid_api_key", null, message, null);
    }

    public static GatewayError forbidden(String code, String param, String message) {
        return new GatewayError(403, "permission_error", code, param, message, null);
    }

    public static GatewayError notFound(String code, String param, String message) {
        return new GatewayError(404, "invalid_request_error", code, param, message, null);
    }

    /** The same error with extra response headers (the rate-limit state on a 429). */
    public GatewayError withHeaders(Map<String, String> extra) {
        return new GatewayError(status, type, code, param, getMessage(), retryAfter, Map.copyOf(extra));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    /** Seconds, as sent in {@code retry-after}; null when a retry would not help. */
    public String retryAfter() {
        return retryAfter;
    }
}
