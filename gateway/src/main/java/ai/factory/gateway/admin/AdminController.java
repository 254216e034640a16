package ai.factory.gateway.admin;

import ai.factory.gateway.http.Listing;
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
    public HttpResponse<AdminViews.TenantView> createTenant(@Body NewTenant body) {
        return HttpResponse.status(HttpStatus.CREATED)
                .body(AdminViews.TenantView.of(service.createTenant(body.id(), body.name(), body.tier())));
    }

    @Get
    public Listing<AdminViews.TenantView> listTenants() {
        return Listing.of(service.tenants().stream().map(AdminViews.TenantView::of).toList());
    }

    @Get("/{tenantId}")
    public AdminViews.TenantView getTenant(@PathVariable String tenantId) {
        return AdminViews.TenantView.of(service.tenant(tenantId));
    }

    @Post("/{tenantId}/keys")
    public HttpResponse<AdminViews.KeyView> createKey(@PathVariable String tenantId, @Body NewKey body) {
        KeyService.IssuedKey issued = service.issueKey(tenantId, body.name(), body.allowedModels(), body.expiresAt());
        return HttpResponse.status(HttpStatus.CREATED).body(AdminViews.KeyView.of(issued.record()).withKey(issued.key()));
    }

    @Get("/{tenantId}/keys")
    public Listing<AdminViews.KeyView> listKeys(@PathVariable String tenantId) {
        return Listing.of(service.keys(tenantId).stream().map(AdminViews.KeyView::of).toList());
    }

    @Delete("/{tenantId}/keys/{keyId}")
    public AdminViews.KeyView revokeKey(@PathVariable String tenantId, @PathVariable String keyId) {
        return AdminViews.KeyView.of(service.revoke(tenantId, keyId));
    }
}
