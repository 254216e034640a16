package ai.factory.gateway.openapi;

import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.products.ProductsConfig;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/openapi.json}: the API as the calling key's tenant may use it. Built per call
 * (the catalog, entitlements and allow-lists change at run time); cheap, all in memory once the
 * key and the policy are cached.
 */
@Controller("/v1/openapi.json")
public class OpenApiController {

    /** A Host header worth echoing into the document's server URL; anything else gets a relative one. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+\\](:[0-9]{1,5})?");

    private final KeyAuthenticator authenticator;
    private final PolicyCache policies;
    private final ProductCatalog catalog;
    private final ProductsConfig config;
    private final RouteTable routes;

    public OpenApiController(KeyAuthenticator authenticator, PolicyCache policies, ProductCatalog catalog,
            ProductsConfig config, RouteTable routes) {
        this.authenticator = authenticator;
        this.policies = policies;
        this.catalog = catalog;
        this.config = config;
        this.routes = routes;
    }

    @Get
    @Produces(MediaType.APPLICATION_JSON)
    public CompletableFuture<MutableHttpResponse<?>> document(HttpRequest<?> request) {
        return authenticator.authenticate(request)
                .thenCompose(caller -> policies.policy(caller.tenantId()).thenApply(policy -> {
                    List<String> models = routes.aliases().stream().map(ModelAlias::name).filter(caller::mayUse)
                            .sorted().toList();
                    List<Product> products = catalog.all().stream().filter(p -> entitled(policy, p.id())).toList();
                    MutableHttpResponse<?> ok = HttpResponse.ok(OpenApiDocument.build(caller.tenantId(), baseUrl(request),
                            models, products).toString());
                    return ok.contentType(MediaType.APPLICATION_JSON_TYPE).header("cache-control", "no-store");
                }))
                .handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }

    private boolean entitled(TenantPolicy policy, String product) {
        Boolean own = policy.entitlement(product);
        return own != null ? own : config.entitledByDefault(product);
    }

    private static String baseUrl(HttpRequest<?> request) {
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host == null || !HOST.matcher(host).matches()) {
            return "/";
        }
        boolean https = request.isSecure() || "https".equalsIgnoreCase(request.getHeaders().get("x-forwarded-proto"));
        return (https ? "https://" : "http://") + host;
    }
}
