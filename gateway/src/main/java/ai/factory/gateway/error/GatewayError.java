package ai.factory.gateway.error;

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

    public GatewayError(int status, String type, String code, String param, String message, String retryAfter) {
        super(message, null, false, false);
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
