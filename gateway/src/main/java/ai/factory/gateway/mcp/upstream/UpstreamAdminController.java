package ai.factory.gateway.mcp.upstream;

import ai.factory.gateway.error.GatewayError;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public HttpResponse<Map<String, Object>> create(@Nullable @Body JsonNode body) {
        UpstreamRow row = store.create(UpstreamInput.parse(body, true));
        registry.reload();
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(view(row));
    }

    @Get
    public Map<String, Object> list() {
        List<Map<String, Object>> data = store.all().stream().map(this::view).toList();
        return Map.of("object", "list", "data", data);
    }

    @Get("/{name}")
    public Map<String, Object> get(@PathVariable String name) {
        return view(row(name));
    }

    @Put("/{name}")
    public Map<String, Object> update(@PathVariable String name, @Nullable @Body JsonNode body) {
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
    private Map<String, Object> view(UpstreamRow row) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", row.name());
        v.put("object", "mcp.upstream");
        v.put("url", row.url());
        v.put("tool_prefix", row.name() + ToolNames.SEPARATOR);
        v.put("header_names", row.credentialNames().isEmpty() ? List.of() : List.of(row.credentialNames().split(",")));
        v.put("timeout_ms", row.timeoutMs());
        v.put("requests_per_minute", row.requestsPerMinute());
        v.put("tool_requests_per_minute", store.toolLimits(row));
        v.put("tenants", store.grants(row));
        v.put("created_at", row.createdAt() == null ? null : row.createdAt().getEpochSecond());
        v.put("updated_at", row.updatedAt() == null ? null : row.updatedAt().getEpochSecond());
        return v;
    }

    private UpstreamRow row(String name) {
        return store.find(name).orElseThrow(() -> GatewayError.notFound("upstream_not_found", "name",
                "no upstream '" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "'"));
    }
}
