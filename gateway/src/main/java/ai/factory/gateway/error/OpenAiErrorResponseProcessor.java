package ai.factory.gateway.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Errors the framework raises itself (unknown path, wrong method, body over the size limit,
 * unsupported media type) in the same OpenAI shape as ours, so SDKs parse every error alike.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public final class OpenAiErrorResponseProcessor implements ErrorResponseProcessor<byte[]> {

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
        int status = base.code();
        String message = context.getErrors().isEmpty()
                ? base.reason()
                : context.getErrors().get(0).getMessage();
        GatewayError error = new GatewayError(status, status >= 500 ? "server_error" : "invalid_request_error",
                codeFor(status), null, message, null);
        return base.contentType(MediaType.APPLICATION_JSON_TYPE).body(ErrorResponses.body(error));
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "invalid_request";
        };
    }
}
