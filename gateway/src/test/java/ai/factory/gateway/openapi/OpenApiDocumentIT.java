package ai.factory.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/openapi.json over real HTTP: a valid OpenAPI 3.1 document for a real parser, every
 * product's examples valid against that product's own schemas in the document, and only what the
 * caller's tenant and key may use.
 */
class OpenApiDocumentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .unreachable("gpu")
            .alias("chat-default", "gpu")
            .alias("chat-large", "gpu")
            .alias("embed-default", "gpu")
            .tenant("acme")
            .tenant("initech", "chat-default")
            .build();

    @BeforeAll
    static void narrow() {
        Admin.call(gw.app(), "PUT", "/admin/tenants/initech/products/invoice-extract", "{\"enabled\":false}");
        Admin.call(gw.app(), "PUT", "/admin/tenants/initech/products/embed", "{\"enabled\":false}");
    }

    private static JsonNode document(String key) throws Exception {
        HttpResponse<String> response = gw.app().get("/v1/openapi.json", key);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("cache-control").orElse(""));
        return JSON.readTree(response.body());
    }

    @Test
    void document_is_valid_openapi_3_1_for_a_real_parser(GatewayApp app) throws Exception {
        String body = app.get("/v1/openapi.json", gw.key("acme")).body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(body, null, options);
        assertTrue(result.getMessages() == null || result.getMessages().isEmpty(), "parser messages: " + result.getMessages());
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        for (Product p : ProductCatalog.load().all()) {
            var path = result.getOpenAPI().getPaths().get("/v1/products/" + p.id() + "/invoke");
            assertTrue(path != null && path.getPost() != null, "no invoke operation for " + p.id());
            assertEquals(p.streaming(), path.getPost().getResponses().get("200").getContent()
                    .containsKey("text/event-stream"), "streaming described for " + p.id());
        }
        for (String path : List.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models",
                "/v1/usage", "/v1/limits", "/v1/responses")) {
            assertTrue(result.getOpenAPI().getPaths().containsKey(path), path);
        }
        var limited = result.getOpenAPI().getComponents().getResponses().get("RateLimited");
        assertTrue(limited.getHeaders().keySet().containsAll(List.of("retry-after", "x-ratelimit-remaining-requests",
                "x-ratelimit-reset-tokens")), "rate-limit headers described: " + limited.getHeaders().keySet());
    }

    @Test
    void every_product_example_matches_its_own_request_and_response_schemas_in_the_document() throws Exception {
        JsonNode doc = document(gw.key("acme"));
        int checked = 0;
        for (Product p : ProductCatalog.load().all()) {
            String op = "/paths/" + ("/v1/products/" + p.id() + "/invoke").replace("/", "~1") + "/post";
            JsonNode request = doc.at(op + "/requestBody/content/application~1json");
            JsonNode response = doc.at(op + "/responses/200/content/application~1json");
            Schema requestSchema = schemaAt(doc, op + "/requestBody/content/application~1json/schema");
            Schema responseSchema = schemaAt(doc, op + "/responses/200/content/application~1json/schema");
            assertEquals(p.examples().size(), request.path("examples").size(), p.id());
            assertEquals(p.examples().size(), response.path("examples").size(), p.id());
            for (JsonNode example : request.path("examples")) {
                assertEquals(List.of(), messages(requestSchema.validate(example.get("value"))), p.id() + " request example");
                checked++;
            }
            for (JsonNode example : response.path("examples")) {
                assertEquals(List.of(), messages(responseSchema.validate(example.get("value"))), p.id() + " response example");
                checked++;
            }
        }
        assertTrue(checked >= 2 * 24, "examples checked: " + checked);
    }

    @Test
    void the_example_check_fails_an_example_that_breaks_its_schema() throws Exception {
        JsonNode doc = document(gw.key("acme"));
        String op = "/paths/~1v1~1products~1invoice-extract~1invoke/post";
        Schema request = schemaAt(doc, op + "/requestBody/content/application~1json/schema");
        Schema response = schemaAt(doc, op + "/responses/200/content/application~1json/schema");
        ObjectNode badInput = (ObjectNode) doc.at(op + "/requestBody/content/application~1json/examples/example1/value")
                .deepCopy();
        ((ObjectNode) badInput.get("input")).remove("text");
        assertFalse(request.validate(badInput).isEmpty(), "an input without its required text must fail");
        ObjectNode badOutput = (ObjectNode) doc.at(op + "/responses/200/content/application~1json/examples/example1/value")
                .deepCopy();
        ((ObjectNode) badOutput.get("output")).put("total", "a lot");
        assertFalse(response.validate(badOutput).isEmpty(), "an output with a string total must fail");
    }

    @Test
    void document_shows_only_the_products_and_models_the_caller_may_use(GatewayApp app) throws Exception {
        JsonNode narrow = document(gw.key("initech"));
        TreeSet<String> invokes = new TreeSet<>();
        for (Iterator<String> it = narrow.get("paths").fieldNames(); it.hasNext(); ) {
            String path = it.next();
            if (path.endsWith("/invoke")) {
                invokes.add(path.split("/")[3]);
            }
        }
        TreeSet<String> expected = new TreeSet<>();
        ProductCatalog.load().all().forEach(p -> expected.add(p.id()));
        expected.removeAll(List.of("invoice-extract", "embed"));
        assertEquals(expected, invokes);
        assertFalse(narrow.at("/components/schemas").has("product.invoice-extract.input"));
        assertEquals("[\"chat-default\"]", narrow.at("/components/schemas/ModelId/enum").toString());
        assertTrue(narrow.at("/info/description").asText().contains("'initech'"));

        JsonNode full = document(gw.key("acme"));
        assertEquals("[\"chat-default\",\"chat-large\",\"embed-default\"]",
                full.at("/components/schemas/ModelId/enum").toString());
        assertTrue(full.at("/paths").has("/v1/products/invoice-extract/invoke"));
        assertEquals(app.uri("").toString(), full.at("/servers/0/url").asText());
    }

    @Test
    void without_a_valid_key_the_document_is_refused_in_openai_shape(GatewayApp app) throws Exception {
        for (String key : new String[] {null, "sk-gw-not-a-key"}) {
            HttpResponse<String> response = app.get("/v1/openapi.json", key);
            assertEquals(401, response.statusCode());
            assertEquals("invalid_api_key", JSON.readTree(response.body()).at("/error/code").asText());
        }
    }

    /** The schema at {@code pointer}, resolved inside the whole document (its $refs point into it). */
    private static Schema schemaAt(JsonNode doc, String pointer) {
        ObjectNode root = doc.deepCopy();
        root.put("$ref", "#" + pointer);
        return SCHEMAS.getSchema(root);
    }

    private static List<String> messages(List<Error> errors) {
        List<String> out = new ArrayList<>();
        errors.forEach(e -> out.add(e.getInstanceLocation() + ": " + e.getMessage()));
        return out;
    }
}
