package ai.factory.gateway.chat;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.Listing;
import ai.factory.gateway.tenant.TenantRepository;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Operators bind chat workspaces to tenants. Credentials go in (create, rotate) and never come
 * out: the view lists their names only. Guarded by the admin token like all of {@code /admin}.
 */
@Controller("/admin/tenants/{tenantId}/channels")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ChannelAdminController {

    private static final int MAX_FIELD = 512;
    private static final int MAX_CHANNELS = 200;
    private static final Pattern CHANNEL_ID = Pattern.compile("-?[A-Za-z0-9_]{1,64}");

    private final ChannelBindings bindings;
    private final TenantRepository tenants;
    private final ProductCatalog catalog;
    private final ChatPlatforms platforms;

    public ChannelAdminController(ChannelBindings bindings, TenantRepository tenants, ProductCatalog catalog,
            ChatPlatforms platforms) {
        this.bindings = bindings;
        this.tenants = tenants;
        this.catalog = catalog;
        this.platforms = platforms;
    }

    @Post
    public HttpResponse<ChannelView> create(@PathVariable String tenantId, @Body JsonNode body) {
        requireTenant(tenantId);
        Platform platform = Platform.of(body.path("platform").asText(""));
        if (platform == null) {
            throw GatewayError.invalidRequest("platform", "'platform' must be one of slack, telegram, line, teams, zalo");
        }
        ChatPlatform impl = platforms.of(platform).orElseThrow(() -> GatewayError.invalidRequest("platform",
                "the platform '" + platform.id() + "' is not available in this gateway"));
        String workspace = text(body, "workspace", true);
        String defaultProduct = product(body.path("default_product").asText("chat-assistant"), "default_product");
        Map<String, String> credentials = credentials(body, impl);
        ChannelRow row = bindings.create(tenantId, platform, workspace, defaultProduct, allowed(body),
                limit(body), channels(body, platform), credentials);
        return HttpResponse.<ChannelView>status(HttpStatus.CREATED).body(ChannelView.of(row));
    }

    @Get
    public Listing<ChannelView> list(@PathVariable String tenantId) {
        requireTenant(tenantId);
        return Listing.of(bindings.list(tenantId).stream().map(ChannelView::of).toList());
    }

    @Get("/{id}")
    public ChannelView get(@PathVariable String tenantId, @PathVariable String id) {
        return ChannelView.of(row(tenantId, id));
    }

    @Put("/{id}")
    public ChannelView update(@PathVariable String tenantId, @PathVariable String id, @Body JsonNode body) {
        ChannelRow row = row(tenantId, id);
        if (body.has("credentials")) {
            throw GatewayError.invalidRequest("credentials", "credentials change through POST .../channels/{id}/rotate");
        }
        String defaultProduct = body.has("default_product")
                ? product(body.path("default_product").asText(""), "default_product") : row.defaultProduct();
        Set<String> allowed = body.has("allowed_products") ? allowed(body) : ChannelBindings.products(row.allowedProducts());
        int rpm = body.has("end_user_requests_per_minute") ? limit(body) : row.endUserRpm();
        Set<String> channels = body.has("channels") ? channels(body, Platform.of(row.platform()))
                : ChannelBindings.products(row.channels());
        return ChannelView.of(bindings.update(row, defaultProduct, allowed, rpm, channels));
    }

    @Post("/{id}/rotate")
    public ChannelView rotate(@PathVariable String tenantId, @PathVariable String id, @Body JsonNode body) {
        ChannelRow row = row(tenantId, id);
        ChatPlatform impl = platforms.of(Platform.of(row.platform())).orElseThrow();
        return ChannelView.of(bindings.rotate(row, credentials(body, impl)));
    }

    @Delete("/{id}")
    public HttpResponse<?> delete(@PathVariable String tenantId, @PathVariable String id) {
        bindings.delete(row(tenantId, id));
        return HttpResponse.noContent();
    }

    private ChannelRow row(String tenantId, String id) {
        requireTenant(tenantId);
        // Another tenant's binding is as absent as a missing one.
        return bindings.row(tenantId, id).orElseThrow(() -> GatewayError.notFound("channel_not_found", "id",
                "no channel '" + id + "' for this tenant"));
    }

    private Map<String, String> credentials(JsonNode body, ChatPlatform impl) {
        JsonNode given = body.path("credentials");
        if (!given.isObject() || given.isEmpty()) {
            throw GatewayError.invalidRequest("credentials", "'credentials' must be an object of the platform's secrets");
        }
        Map<String, String> values = new LinkedHashMap<>();
        given.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getValue().asText().isEmpty() || e.getValue().asText().length() > 4096) {
                // Never echo the value.
                throw GatewayError.invalidRequest("credentials." + e.getKey(), "each credential must be a non-empty string"
                        + " of at most 4096 characters");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        for (String required : impl.requiredCredentials()) {
            if (!values.containsKey(required)) {
                throw GatewayError.invalidRequest("credentials." + required, "a " + impl.platform().id()
                        + " channel needs the credential '" + required + "'");
            }
        }
        return values;
    }

    private Set<String> allowed(JsonNode body) {
        JsonNode list = body.path("allowed_products");
        Set<String> allowed = new LinkedHashSet<>();
        if (list.isMissingNode() || list.isNull()) {
            return allowed;
        }
        if (!list.isArray()) {
            throw GatewayError.invalidRequest("allowed_products", "'allowed_products' must be an array of product ids");
        }
        list.forEach(p -> allowed.add(product(p.asText(""), "allowed_products")));
        return allowed;
    }

    /**
     * The channels where every plain message is answered: Slack channel ids, Telegram group chat ids.
     * Ids only (they are joined with commas in the row), and a bounded number of them.
     */
    static Set<String> channels(JsonNode body, Platform platform) {
        JsonNode list = body.path("channels");
        Set<String> channels = new LinkedHashSet<>();
        if (list.isMissingNode() || list.isNull()) {
            return channels;
        }
        if (platform != Platform.SLACK && platform != Platform.TELEGRAM) {
            throw GatewayError.invalidRequest("channels", "'channels' applies to slack and telegram bindings only");
        }
        if (!list.isArray() || list.size() > MAX_CHANNELS) {
            throw GatewayError.invalidRequest("channels", "'channels' must be an array of at most " + MAX_CHANNELS
                    + " channel ids");
        }
        for (JsonNode c : list) {
            if (!c.isTextual() || !CHANNEL_ID.matcher(c.asText()).matches()) {
                throw GatewayError.invalidRequest("channels", "each channel must be a platform channel id"
                        + " (letters, digits, '-' or '_', at most 64): a Slack C.../G... id or a Telegram chat id");
            }
            channels.add(c.asText());
        }
        return channels;
    }

    private String product(String id, String param) {
        if (catalog.find(id).isEmpty()) {
            throw GatewayError.invalidRequest(param, "no product '" + truncate(id) + "'");
        }
        return id;
    }

    private static int limit(JsonNode body) {
        JsonNode n = body.path("end_user_requests_per_minute");
        if (n.isMissingNode() || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 0 || n.asInt() > 100_000) {
            throw GatewayError.invalidRequest("end_user_requests_per_minute", "must be an integer from 0 (no limit) to 100000");
        }
        return n.asInt();
    }

    private static String text(JsonNode body, String field, boolean required) {
        String value = body.path(field).asText("");
        if (required && value.isBlank()) {
            throw GatewayError.invalidRequest(field, "'" + field + "' is required");
        }
        if (value.length() > MAX_FIELD) {
            throw GatewayError.invalidRequest(field, "'" + field + "' is longer than " + MAX_FIELD + " characters");
        }
        return value;
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    private void requireTenant(String tenantId) {
        if (!tenants.existsById(tenantId)) {
            throw GatewayError.notFound("tenant_not_found", "tenant", "no tenant '" + tenantId + "'");
        }
    }
}
