package ai.factory.gateway.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.JacksonExceptionHandler;
import io.micronaut.http.server.exceptions.JsonExceptionHandler;
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
