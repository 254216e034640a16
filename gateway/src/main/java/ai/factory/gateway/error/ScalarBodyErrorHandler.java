package ai.factory.gateway.error;

import io.micronaut.core.reflect.exception.InstantiationException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A JSON number, string or array where a route binds an object ({@code 5}, {@code [1,2]} to an
 * admin route): Micronaut's Jackson module then calls the bound record's constructor with that
 * one value, and the constructor's refusal is Micronaut's InstantiationException, not Jackson's,
 * so it reached the client as a 500 naming the argument count. Raised there it is the client's
 * 400; raised anywhere else it stays a logged server error, without Micronaut's internals.
 */
@Singleton
@Produces
public final class ScalarBodyErrorHandler implements ExceptionHandler<InstantiationException, HttpResponse<?>> {

    private static final String MODULE = "io.micronaut.jackson.modules.BeanIntrospectionModule";

    @Override
    public HttpResponse<?> handle(HttpRequest request, InstantiationException exception) {
        return ErrorResponses.of(fromSingleJsonValue(exception) ? JsonBodyErrors.notAnObject() : exception);
    }

    static boolean fromSingleJsonValue(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith(MODULE) && frame.getMethodName().startsWith("createFrom")) {
                return true;
            }
        }
        return false;
    }
}
