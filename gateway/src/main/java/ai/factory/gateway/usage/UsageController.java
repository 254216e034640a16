package ai.factory.gateway.usage;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.GatewayError;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;

/**
 * {@code GET /v1/usage}: the calling tenant's usage, with any of its API keys. The tenant comes
 * only from the key, never from a parameter, so no request can name another tenant's data.
 * JDBC, so it runs on the blocking pool.
 */
@Controller("/v1/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaType.APPLICATION_JSON, UsageResponses.TEXT_CSV})
public class UsageController {

    private final KeyAuthenticator authenticator;
    private final UsageRepository repository;
    private final Clock clock = Clock.systemUTC();

    public UsageController(KeyAuthenticator authenticator, UsageRepository repository) {
        this.authenticator = authenticator;
        this.repository = repository;
    }

    @Get
    public MutableHttpResponse<?> usage(HttpRequest<?> request) {
        try {
            // Blocking on the future is fine here: this is a blocking-pool thread, not an event loop.
            Caller caller = authenticator.authenticate(request.getHeaders().get(HttpHeaders.AUTHORIZATION)).join();
            var params = request.getParameters();
            if (params.contains("tenant")) {
                throw GatewayError.invalidRequest("tenant", "a tenant key reads its own tenant's usage only; "
                        + "'tenant' is not a parameter here");
            }
            UsageQuery query = UsageQueryParser.parse(caller.tenantId(), params.get("from"), params.get("to"),
                    params.get("granularity"), params.get("group_by"), false, clock.instant());
            return UsageResponses.render(request, query, repository.query(query));
        } catch (RuntimeException e) {
            return UsageResponses.failure(e);
        }
    }
}
