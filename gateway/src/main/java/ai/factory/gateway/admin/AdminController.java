package ai.factory.gateway.admin;

import ai.factory.gateway.tenant.ApiKey;
import ai.factory.gateway.tenant.Tenant;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operators' API for tenants and keys. JDBC work, so it runs on the blocking pool. */
@Controller("/admin/tenants")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminController {

    private final KeyService service;

    public AdminController(KeyService service) {
        this.service = service;
    }

    @Introspected
    public record NewTenant(@Nullable String id, @Nullable String name, @Nullable String tier) {
    }

    @Introspected
    public record NewKey(@Nullable String name,
                         @Nullable @JsonProperty("allowed_models") List<String> allowedModels,
                         @Nullable @JsonProperty("expires_at") Instant expiresAt) {
    }

    @Post
    public HttpResponse<Map<String, Object>> createTenant(@Body NewTenant body) {
        return HttpResponse.status(HttpStatus.CREATED).body(view(service.createTenant(body.id(), body.name(), body.tier())));
    }

    @Get
    public Map<String, Object> listTenants() {
        return Map.of("object", "list", "data", service.tenants().stream().map(AdminController::view).toList());
    }

    @Get("/{tenantId}")
    public Map<String, Object> getTenant(@PathVariable String tenantId) {
        return view(service.tenant(tenantId));
    }

    @Post("/{tenantId}/keys")
    public HttpResponse<Map<String, Object>> createKey(@PathVariable String tenantId, @Body NewKey body) {
        KeyService.IssuedKey issued = service.issueKey(tenantId, body.name(), body.allowedModels(), body.expiresAt());
        Map<String, Object> view = new LinkedHashMap<>(view(issued.record()));
        view.put("key", issued.key());
        return HttpResponse.status(HttpStatus.CREATED).body(view);
    }

    @Get("/{tenantId}/keys")
    public Map<String, Object> listKeys(@PathVariable String tenantId) {
        return Map.of("object", "list", "data", service.keys(tenantId).stream().map(AdminController::view).toList());
    }

    @Delete("/{tenantId}/keys/{keyId}")
    public Map<String, Object> revokeKey(@PathVariable String tenantId, @PathVariable String keyId) {
        return view(service.revoke(tenantId, keyId));
    }

    private static Map<String, Object> view(Tenant tenant) {
        return Map.of("id", tenant.id(), "object", "tenant", "name", tenant.name(), "tier", tenant.tier(),
                "created_at", String.valueOf(tenant.createdAt()));
    }

    /** What a listing may show: never the hash, only the recognisable prefix. */
    private static Map<String, Object> view(ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", key.id());
        view.put("object", "api_key");
        view.put("tenant_id", key.tenantId());
        view.put("name", key.name());
        view.put("prefix", key.prefix());
        view.put("status", key.status());
        view.put("allowed_models", key.allowedModels());
        view.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().toString());
        view.put("created_at", String.valueOf(key.createdAt()));
        view.put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
        return view;
    }
}
