package ai.factory.gateway.usage;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code GET /v1/usage}: the calling tenant's usage, with any of its API keys. The tenant comes
 * only from the key, never from a parameter, so no request can name another tenant's data.
 * Authentication comes first, on the event loop, like every tenant call; only an authenticated
 * request takes a blocking-pool thread for its JDBC query, so a flood of bad keys costs neither
 * a thread nor a connection.
 */
@Controller("/v1/usage")
@Produces({MediaType.APPLICATION_JSON, UsageResponses.TEXT_CSV})
public class UsageController {

    private final KeyAuthenticator authenticator;
    private final UsageRepository repository;
    private final ExecutorService blocking;
    private final Clock clock = Clock.systemUTC();

    public UsageController(KeyAuthenticator authenticator, UsageRepository repository,
            @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.authenticator = authenticator;
        this.repository = repository;
        this.blocking = blocking;
    }

    @Get
    public CompletableFuture<MutableHttpResponse<?>> usage(HttpRequest<?> request) {
        return authenticator.authenticate(request)
                .<MutableHttpResponse<?>>thenApplyAsync(caller -> answer(request, caller), blocking)
                .exceptionally(UsageResponses::failure);
    }

    private MutableHttpResponse<?> answer(HttpRequest<?> request, Caller caller) {
        var params = request.getParameters();
        if (params.contains("tenant")) {
            throw GatewayError.invalidRequest("tenant", "a tenant key reads its own tenant's usage only; "
                    + "'tenant' is not a parameter here");
        }
        UsageQuery query = UsageQueryParser.parse(caller.tenantId(), params.get("from"), params.get("to"),
                params.get("granularity"), params.get("group_by"), false, clock.instant());
        return UsageResponses.render(request, query, repository.query(query));
    }
}
