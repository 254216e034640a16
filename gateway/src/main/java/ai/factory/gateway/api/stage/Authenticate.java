package ai.factory.gateway.api.stage;

import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.observe.StageSpans;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/** Stage 1: the API key names the caller (tenant, key, the models it may use). */
@Singleton
public class Authenticate {

    private final KeyAuthenticator authenticator;
    private final StageSpans spans;

    public Authenticate(KeyAuthenticator authenticator, StageSpans spans) {
        this.authenticator = authenticator;
        this.spans = spans;
    }

    public CompletableFuture<Authenticated> apply(Arrival arrival, HttpRequest<?> http) {
        return spans.around("gateway.authenticate", arrival.trace(), () -> authenticator.authenticate(http))
                .thenApply(caller -> new Authenticated(arrival, caller));
    }
}
