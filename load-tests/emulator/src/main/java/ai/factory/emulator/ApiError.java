package ai.factory.emulator;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An error answered in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}.
 * Thrown by request parsing and handed to {@link ResponseWriter#respondError(ApiError)}; it carries
 * no stack trace because it is control flow, and load tests throw many of them.
 */
final class ApiError extends RuntimeException {

    final HttpResponseStatus status;
    final String type;
    final String param;
    final String code;
    /** Seconds for a {@code retry-after} header, or 0 for none. */
    final int retryAfterSeconds;

    private ApiError(HttpResponseStatus status, String message, String type, String param, String code,
            int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError invalid(String message, String param) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, message, "invalid_request_error", param, null, 0);
    }

    static ApiError conflict(String message) {
        return new ApiError(HttpResponseStatus.CONFLICT, message, "invalid_request_error", null, "conflict", 0);
    }

    static ApiError modelNotFound(String model) {
        return new ApiError(HttpResponseStatus.NOT_FOUND,
                "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error", "model", "model_not_found", 0);
    }

    static ApiError unknownRoute(String method, String path) {
        return new ApiError(HttpResponseStatus.NOT_FOUND, "Invalid URL (" + method + " " + path + ")",
                "invalid_request_error", null, null, 0);
    }

    static ApiError methodNotAllowed(String method, String path) {
        return new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED,
                "Method " + method + " is not allowed on " + path, "invalid_request_error", null, null, 0);
    }

    /** The waiting queue is full: the same answer a saturated vLLM behind a limiter gives. */
    static ApiError queueFull(int waiting) {
        return new ApiError(HttpResponseStatus.TOO_MANY_REQUESTS,
                "The server is overloaded: " + waiting + " requests already waiting. Retry later.",
                "requests", null, "rate_limit_exceeded", 1);
    }

    static ApiError injected(int status, double rate) {
        HttpResponseStatus httpStatus = HttpResponseStatus.valueOf(status);
        String type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
        String code = status == 429 ? "rate_limit_exceeded" : "injected_error";
        return new ApiError(httpStatus, "Error injected by the emulator (errorRate=" + rate + ")", type, null, code,
                status == 429 || status == 503 ? 1 : 0);
    }

    static ApiError shuttingDown() {
        return new ApiError(HttpResponseStatus.SERVICE_UNAVAILABLE, "The server is shutting down.", "server_error",
                null, "service_unavailable", 1);
    }

    static ApiError internal(Throwable cause) {
        return new ApiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal emulator error: " + cause,
                "server_error", null, null, 0);
    }
}
