package ai.factory.products;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example of every product is valid both ways: its input prepares, its output passes the output check. */
class ProductExamplesTest {

    static List<Product> products() {
        return ProductCatalog.load().all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void every_example_input_validates_and_renders(Product product) {
        for (Example example : product.examples()) {
            PreparedCall call = ProductRequest.prepare(product, example.input(), null);
            PreparedCall.Ready ready = assertInstanceOf(PreparedCall.Ready.class, call, () -> product.id() + ": " + call);
            assertEquals(product.model(), ready.body().path("model").asText());
            if (product.output().kind() != OutputKind.EMBEDDING) {
                JsonNode messages = ready.body().path("messages");
                assertEquals(2, messages.size());
                String user = messages.get(1).path("content").asText();
                assertFalse(user.isBlank(), product.id());
                assertTrue(ready.inputTokens() > 0 && ready.inputTokens() <= product.limits().maxTokens(), product.id());
                assertTrue(ready.maxOutputTokens() > 0, product.id());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void every_example_output_passes_the_output_check(Product product) throws Exception {
        for (Example example : product.examples()) {
            String answer = switch (product.output().kind()) {
                case TEXT -> example.output().textValue();
                case JSON -> TestProducts.JSON.writeValueAsString(example.output());
                case EMBEDDING -> embeddingsResponse(example.output());
            };
            OutputCheck.Result result = OutputCheck.check(product, answer);
            OutputCheck.Valid valid = assertInstanceOf(OutputCheck.Valid.class, result, () -> product.id() + ": " + result);
            assertEquals(example.output(), valid.output(), product.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("products")
    void json_products_describe_every_output_field_they_require(Product product) {
        // The strict-mode check at load already requires it; this guards the test manifests' assumption.
        product.output().schema().ifPresent(schema ->
                assertEquals(schema.path("properties").size(), schema.path("required").size(), product.id()));
    }

    private static String embeddingsResponse(JsonNode vectors) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < vectors.size(); i++) {
            data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                    .append(",\"embedding\":").append(vectors.get(i)).append('}');
        }
        return "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"embed-default\"}";
    }
}
