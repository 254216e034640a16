package ai.factory.gateway.openapi;

import static ai.factory.gateway.openapi.J.arr;
import static ai.factory.gateway.openapi.J.obj;

import ai.factory.products.Product;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAPI 3.1 document of what one tenant may use: built per request from the live catalog,
 * the tenant's entitlements and the key's model allow-list, so it never shows a product or model
 * the caller would be refused. Plain Java: the controller hands in what to show.
 */
public final class OpenApiDocument {

    private OpenApiDocument() {
    }

    /**
     * @param baseUrl the gateway's origin as the caller reached it, e.g. {@code http://localhost:8080}
     * @param models the model aliases the key may use
     * @param products the products the tenant may use
     */
    public static ObjectNode build(String tenant, String baseUrl, List<String> models, List<Product> products) {
        ObjectNode components = obj();
        ObjectNode schemas = components.withObject("schemas");
        ObjectNode paths = obj();
        CommonParts.addTo(components);
        OpenAiOperations.addTo(paths, schemas, models);
        ProductOperations.addTo(paths, schemas, products);
        AccountOperations.addTo(paths, schemas, products);
        components.set("securitySchemes", obj("tenantKey", obj("type", "http", "scheme", "bearer",
                "description", "A tenant API key: Authorization: Bearer sk-gw-...")));
        return obj("openapi", "3.1.0",
                "jsonSchemaDialect", "https://json-schema.org/draft/2020-12/schema",
                "info", obj("title", "AI Factory Gateway", "version", "1",
                        "description", "The OpenAI-compatible API and the packaged AI products that tenant '" + tenant
                                + "' may use. Every response carries x-request-id; errors have OpenAI's body "
                                + "{\"error\":{\"message\",\"type\",\"param\",\"code\"}}; rate-limited responses carry "
                                + "retry-after and x-ratelimit-* headers. Streams are server-sent events of "
                                + "chat-completion chunks ending with data: [DONE]."),
                "servers", arr(obj("url", baseUrl)),
                "security", arr(obj("tenantKey", arr())),
                "tags", arr(obj("name", OpenAiOperations.TAG, "description", "Point any OpenAI SDK at this server."),
                        obj("name", ProductOperations.TAG, "description", "Packaged AI products: plain input, "
                                + "checked output."),
                        obj("name", AccountOperations.TAG, "description", "Your catalog, usage and limits.")),
                "paths", paths,
                "components", components);
    }
}
