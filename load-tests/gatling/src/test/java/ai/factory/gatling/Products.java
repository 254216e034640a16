package ai.factory.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged products this gateway serves, found at start through {@code GET /v1/products}
 * (each with the first example input of its manifest), so the mixed traffic invokes them when
 * the gateway has them and leaves them out when it does not.
 */
final class Products {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Invocation(String id, String body) {
    }

    private final List<Invocation> invocations;

    private Products(List<Invocation> invocations) {
        this.invocations = invocations;
    }

    static Products discover(String key) {
        List<Invocation> found = new ArrayList<>();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            JsonNode list = get(client, "/v1/products", key);
            for (JsonNode product : list == null ? JSON.createArrayNode() : list.path("data")) {
                String id = product.path("id").asText();
                JsonNode detail = get(client, "/v1/products/" + id, key);
                JsonNode example = detail == null ? null : detail.path("examples").path(0).path("input");
                if (example != null && example.isObject()) {
                    found.add(new Invocation(id, JSON.createObjectNode().set("input", example).toString()));
                }
            }
        } catch (Exception e) {
            System.out.println("products: not available (" + e + "); the mix leaves them out");
        }
        System.out.println("products: " + found.size() + " with an example input: "
                + found.stream().map(Invocation::id).toList());
        return new Products(found);
    }

    boolean available() {
        return !invocations.isEmpty();
    }

    HttpRequestActionBuilder invoke(String name, String key) {
        return http(name).post(session -> "/v1/products/" + pick(session.userId()).id() + "/invoke")
                .header("authorization", "Bearer " + key)
                .body(StringBody(session -> pick(session.userId()).body()))
                .check(status().is(200), jsonPath("$.usage").exists());
    }

    private Invocation pick(long user) {
        return invocations.get((int) (user % invocations.size()));
    }

    private static JsonNode get(HttpClient client, String path, String key) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(SimulationSettings.url() + path))
                .header("authorization", "Bearer " + key).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

}
