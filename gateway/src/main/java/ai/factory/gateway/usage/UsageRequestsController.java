package ai.factory.gateway.usage;

import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.ClientIds;
import ai.factory.gateway.http.Listing;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /v1/usage/requests?client_request_id=X}: the calling tenant's ledger rows sent with
 * {@code x-request-id: X}, each with the gateway's own request id. The tenant comes from the key only.
 */
@Controller("/v1/usage/requests")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.APPLICATION_JSON)
public class UsageRequestsController {

    private final KeyAuthenticator authenticator;
    private final RequestLookup lookup;

    public UsageRequestsController(KeyAuthenticator authenticator, RequestLookup lookup) {
        this.authenticator = authenticator;
        this.lookup = lookup;
    }

    @Get
    public MutableHttpResponse<?> find(HttpRequest<?> request) {
        try {
            // Blocking on the future is fine here: this is a blocking-pool thread, not an event loop.
            Caller caller = authenticator.authenticate(request).join();
            String id = request.getParameters().get("client_request_id");
            if (id == null) {
                throw GatewayError.invalidRequest("client_request_id", "'client_request_id' is required");
            }
            ClientIds.token("client_request_id", id);
            return HttpResponse.ok(Listing.of(lookup.byClientRequestId(caller.tenantId(), id)));
        } catch (RuntimeException e) {
            return UsageResponses.failure(e);
        }
    }
}
