package ai.factory.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** Talks to a running emulator over real HTTP, as the gateway and SDKs do. */
final class TestClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String base;

    TestClient(Emulator emulator) {
        this.base = emulator.baseUrl();
    }

    /** One server-sent event and when it arrived. */
    record Event(String data, long arrivedNanos) {
        JsonNode json() {
            return parse(data);
        }
    }

    /** A whole stream as the client saw it; {@code error} is set when it ended abnormally. */
    record Stream(int status, String contentType, List<Event> events, IOException error) {
        boolean endedWithDone() {
            return !events.isEmpty() && events.get(events.size() - 1).data().equals("[DONE]");
        }

        /** The JSON chunks, without [DONE]. */
        List<JsonNode> chunks() {
            List<JsonNode> chunks = new ArrayList<>();
            for (Event event : events) {
                if (!event.data().equals("[DONE]")) {
                    chunks.add(event.json());
                }
            }
            return chunks;
        }
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        return client.sendAsync(request(path).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a streaming request and reads every event as it arrives, stamping its arrival. */
    Stream stream(String path, String body) {
        HttpResponse<InputStream> response;
        try {
            response = client.send(request(path).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Event> events = new ArrayList<>();
        IOException error = null;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(new Event(line.substring(6), System.nanoTime()));
                }
            }
        } catch (IOException e) {
            error = e;
        }
        return new Stream(response.statusCode(),
                response.headers().firstValue("content-type").orElse(""), events, error);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** A chat request body with one user message and optional extra top-level fields. */
    static String chat(String model, String userMessage, String extraFields) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + JSON.valueToTree(userMessage) + "}]" + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes (generous, never tight). */
    static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
