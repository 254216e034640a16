package ai.factory.gateway.products;

import ai.factory.gateway.api.ProxyPipeline;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.error.JsonBodyErrors;
import ai.factory.gateway.http.ClientIds;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** The product catalog and invocations, for a tenant key: only the products its tenant is entitled to. */
@Controller("/v1/products")
@Consumes(MediaType.ALL)
@Produces(MediaType.ALL)
public class ProductController {

    private final ProductCatalog catalog;
    private final ProductsConfig config;
    private final KeyAuthenticator authenticator;
    private final PolicyCache policies;
    private final ProductInvoker invoker;
    private final ObjectMapper json;
    private final ProxyPipeline pipeline;

    public ProductController(ProductCatalog catalog, ProductsConfig config, KeyAuthenticator authenticator,
            PolicyCache policies, ProductInvoker invoker, ObjectMapper json, ProxyPipeline pipeline) {
        this.pipeline = pipeline;
        this.catalog = catalog;
        this.config = config;
        this.authenticator = authenticator;
        this.policies = policies;
        this.invoker = invoker;
        this.json = json;
    }

    @Get
    public CompletableFuture<MutableHttpResponse<?>> list(HttpRequest<?> request) {
        return withTenant(request, (caller, policy) -> HttpResponse.ok(Map.of("object", "list", "data",
                catalog.all().stream().filter(p -> entitled(policy, p.id())).map(ProductViews::summary).toList())));
    }

    @Get("/{id}")
    public CompletableFuture<MutableHttpResponse<?>> get(HttpRequest<?> request, @PathVariable String id) {
        return withTenant(request, (caller, policy) -> HttpResponse.ok(ProductViews.detail(product(policy,
                ClientIds.product(id)))));
    }

    @Post("/{id}/invoke")
    public CompletableFuture<MutableHttpResponse<?>> invoke(HttpRequest<?> request, @PathVariable String id,
            @Nullable @Body byte[] body) {
        String requestId = RequestIds.of(request);
        return authenticator.authenticate(request)
                .thenCompose(caller -> policies.policy(caller.tenantId()).thenCompose(policy -> {
                    try {
                        return invoker.invoke(request, requestId, caller, product(policy, ClientIds.product(id)),
                                parse(body));
                    } catch (RuntimeException refused) {
                        // Only a product the catalog knows is written to the ledger under its id.
                        String known = catalog.find(id).isPresent() ? id : null;
                        return pipeline.refuse(request, requestId, caller, known, refused);
                    }
                }))
                .handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }

    private CompletableFuture<MutableHttpResponse<?>> withTenant(HttpRequest<?> request,
            BiFunction<Caller, TenantPolicy, MutableHttpResponse<?>> answer) {
        return authenticator.authenticate(request)
                .thenCompose(caller -> policies.policy(caller.tenantId()).thenApply(policy -> answer.apply(caller, policy)))
                .handle((response, failure) -> failure == null
                        ? response.contentType(MediaType.APPLICATION_JSON_TYPE) : ErrorResponses.of(failure));
    }

    private Product product(TenantPolicy policy, String id) {
        Product product = catalog.find(id).orElseThrow(() -> GatewayError.notFound("product_not_found", "product",
                "no product '" + id + "'; GET /v1/products lists the products this key may use"));
        if (!entitled(policy, id)) {
            throw GatewayError.forbidden("product_not_entitled", "product",
                    "this tenant is not entitled to the product '" + id + "'");
        }
        return product;
    }

    private boolean entitled(TenantPolicy policy, String product) {
        Boolean own = policy.entitlement(product);
        return own != null ? own : config.entitledByDefault(product);
    }

    private ObjectNode parse(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            throw JsonBodyErrors.invalid(e);
        }
        if (!(root instanceof ObjectNode invocation)) {
            throw GatewayError.invalidRequest(null, "request body must be a JSON object: {\"input\": {...}, \"options\": {...}}");
        }
        if (!invocation.path("input").isObject()) {
            throw GatewayError.invalidRequest("input", "'input' is required and must be an object");
        }
        JsonNode options = invocation.get("options");
        if (options != null && !options.isNull() && !options.isObject()) {
            throw GatewayError.invalidRequest("options", "'options' must be an object");
        }
        JsonNode stream = invocation.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw GatewayError.invalidRequest("stream", "'stream' must be true or false");
        }
        return invocation;
    }
}
