package ai.factory.gateway.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A {@link GatewayError} thrown by a synchronous controller (the admin API) renders like any other. */
@Singleton
@Produces
public final class GatewayErrorHandler implements ExceptionHandler<GatewayError, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, GatewayError exception) {
        return ErrorResponses.of(exception);
    }
}
