package ai.factory.gateway.usage;

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
 * {@code GET /admin/usage}: any or all tenants' usage for operators; {@code tenant} narrows it to
 * one, {@code group_by=tenant} splits it per tenant. The admin token filter guards the path.
 */
@Controller("/admin/usage")
@ExecuteOn(TaskExecutors.BLOCKING)
@Produces({MediaType.APPLICATION_JSON, UsageResponses.TEXT_CSV})
public class AdminUsageController {

    private final UsageRepository repository;
    private final Clock clock = Clock.systemUTC();

    public AdminUsageController(UsageRepository repository) {
        this.repository = repository;
    }

    @Get
    public MutableHttpResponse<?> usage(HttpRequest<?> request) {
        try {
            var params = request.getParameters();
            String tenant = params.get("tenant");
            UsageQuery query = UsageQueryParser.parse(tenant == null || tenant.isBlank() ? null : tenant.trim(),
                    params.get("from"), params.get("to"), params.get("granularity"), params.get("group_by"), true,
                    clock.instant());
            return UsageResponses.render(request, query, repository.query(query));
        } catch (RuntimeException e) {
            return UsageResponses.failure(e);
        }
    }
}
