package ai.factory.gateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JacksonExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.json.JsonSyntaxException;
import jakarta.inject.Singleton;

/**
 * A body Micronaut could not bind because Jackson refused it (not JSON, a key sent twice): the
 * 400 of {@link JsonBodyErrors}, naming the key, in place of the framework's "Invalid JSON" with
 * the parser's location. Micronaut wraps Jackson's exception when it binds; {@link Jackson}
 * takes one that arrives unwrapped.
 */
@Singleton
@Produces
@Replaces(JsonExceptionHandler.class)
public final class JsonBodyErrorHandler implements ExceptionHandler<JsonSyntaxException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, JsonSyntaxException exception) {
        return ErrorResponses.of(JsonBodyErrors.invalid(exception));
    }

    /**
     * Micronaut's failure to bind an argument. When Jackson refused the body (a control character,
     * a key sent twice, an array for an object) it is the 400 above: Micronaut's own message
     * ("Failed to convert argument [body] ...") names the gateway's classes. Any other conversion
     * is left to the framework's handler, as before.
     */
    @Singleton
    @Produces
    @Replaces(ConversionErrorHandler.class)
    public static final class Conversion extends ConversionErrorHandler {

        public Conversion(ErrorResponseProcessor<?> responseProcessor) {
            super(responseProcessor);
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ConversionErrorException exception) {
            GatewayError json = JsonBodyErrors.of(exception);
            return json != null ? ErrorResponses.of(json) : super.handle(request, exception);
        }
    }

    /** Jackson's own exception, unwrapped. */
    @Singleton
    @Produces
    @Replaces(JacksonExceptionHandler.class)
    public static final class Jackson implements ExceptionHandler<JsonProcessingException, HttpResponse<?>> {

        @Override
        public HttpResponse<?> handle(HttpRequest request, JsonProcessingException exception) {
            return ErrorResponses.of(JsonBodyErrors.invalid(exception));
        }
    }
}
