package ai.factory.gateway.explorer;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.portal.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /admin/requests}: the request explorer. Usage events from the ledger, newest first,
 * filtered by request id (the gateway's or the client's), tenant, model, product, status and time
 * range; {@code limit} rows a page (at most {@value ExplorerQuery#MAX_LIMIT}), {@code next_cursor}
 * for the next. Under /admin, so the admin token filter guards it. JDBC: the blocking pool.
 */
@Controller("/admin/requests")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces(MediaType.APPLICATION_JSON)
public class RequestExplorerController {

    private static final Logger LOG = LoggerFactory.getLogger(RequestExplorerController.class);

    private final ExplorerRepository repository;
    private final Clock clock = Clock.systemUTC();

    public RequestExplorerController(ExplorerRepository repository) {
        this.repository = repository;
    }

    @Get
    public MutableHttpResponse<?> find(HttpRequest<?> request) {
        ExplorerQuery query;
        try {
            query = ExplorerQuery.parse(name -> request.getParameters().get(name), clock.instant());
        } catch (GatewayError invalid) {
            return ErrorResponses.of(invalid);
        }
        ExplorerRepository.Page page;
        try {
            page = repository.find(query);
        } catch (Exception e) { // JDBC's checked SQLException arrives undeclared through the callback
            LOG.warn("request explorer query failed", e);
            return ErrorResponses.of(new GatewayError(503, "server_error", "ledger_unavailable", null,
                    "the usage ledger cannot be read right now; retry shortly", "5"));
        }
        ExplorerPage body = new ExplorerPage("list", page.rows(), page.next() != null,
                page.next() == null ? null : page.next().encode());
        return HttpResponse.ok(Json.bytes(body)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** One page of matching requests; {@code next_cursor} asks for the next. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ExplorerPage(String object, List<ExplorerRow> data, @JsonProperty("has_more") boolean hasMore,
                               @Nullable @JsonProperty("next_cursor") String nextCursor) {
    }
}
