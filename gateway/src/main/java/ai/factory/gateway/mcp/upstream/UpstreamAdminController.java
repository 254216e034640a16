package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.Listing;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Operators register upstream MCP servers. Credentials (headers) go in and never come out: views
 * list their names only. Guarded by the admin token like all of {@code /admin}. A change reaches
 * this instance's {@code /mcp} at once and the others within {@code gateway.mcp.upstream.refresh}.
 */
@Controller("/admin/mcp/upstreams")
@ExecuteOn(TaskExecutors.BLOCKING)
public class UpstreamAdminController {

    private final UpstreamStore store;
    private final UpstreamRegistry registry;

    public UpstreamAdminController(UpstreamStore store, UpstreamRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @Post
    public HttpResponse<UpstreamView> create(@Nullable @Body JsonNode body) {
        UpstreamRow row = store.create(UpstreamInput.parse(body, true));
        registry.reload();
        return HttpResponse.<UpstreamView>status(HttpStatus.CREATED).body(view(row));
    }

    @Get
    public Listing<UpstreamView> list() {
        return Listing.of(store.all().stream().map(this::view).toList());
    }

    @Get("/{name}")
    public UpstreamView get(@PathVariable String name) {
        return view(row(name));
    }

    @Put("/{name}")
    public UpstreamView update(@PathVariable String name, @Nullable @Body JsonNode body) {
        UpstreamRow row = store.update(row(name), UpstreamInput.parse(body, false));
        registry.reload();
        return view(row);
    }

    @Delete("/{name}")
    public HttpResponse<?> delete(@PathVariable String name) {
        store.delete(row(name));
        registry.reload();
        return HttpResponse.noContent();
    }

    /** Everything but the header values. */
    private UpstreamView view(UpstreamRow row) {
        return UpstreamView.of(row, store.toolLimits(row), store.grants(row));
    }

    private UpstreamRow row(String name) {
        return store.find(name).orElseThrow(() -> GatewayError.notFound("upstream_not_found", "name",
                "no upstream '" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'"));
    }
}
