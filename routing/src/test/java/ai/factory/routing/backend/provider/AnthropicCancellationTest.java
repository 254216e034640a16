package ai.factory.routing.backend.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.pool.Endpoint;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves mid-stream, or an answer nobody will read (its first token came after the
 * first-byte timeout), stops the provider's generation: the provider sees its connection closed
 * instead of streaming (and billing) to the end.
 */
class AnthropicCancellationTest {

    /** A provider that waits {@code delayMillis} before its first token, then streams big deltas; counts down on close. */
    private static HttpServer provider(long delayMillis, CountDownLatch providerSawClose) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/messages", exchange -> {
            exchange.getResponseHeaders().add("content-type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            String text = "lorem ipsum ".repeat(200); // big deltas, so socket buffers cannot hide the close
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                        + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
                Thread.sleep(delayMillis);
                for (int i = 0; i < 2000; i++) {
                    write(out, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n");
                    Thread.sleep(5);
                }
            } catch (IOException closed) {
                providerSawClose.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    private static final byte[] CHAT = "{\"model\":\"claude-test\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void a_client_leaving_mid_stream_closes_the_providers_connection() throws Exception {
        CountDownLatch providerSawClose = new CountDownLatch(1);
        HttpServer server = provider(0, providerSawClose);
        try {
            Endpoint endpoint = new Endpoint("anthropic", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 1, 8);
            BackendReply reply = new AnthropicTransport(Duration.ofSeconds(60)).send(endpoint, new BackendRequest(
                    "/v1/chat/completions", CHAT, true, Map.of(), Duration.ofSeconds(20), Context.root()))
                    .get(20, TimeUnit.SECONDS);
            reply.body().take(3).blockLast(Duration.ofSeconds(20)); // three chunks, then the client is gone
            assertTrue(providerSawClose.await(30, TimeUnit.SECONDS), "the provider's connection was closed");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_first_token_after_the_first_byte_timeout_closes_the_providers_connection() throws Exception {
        CountDownLatch providerSawClose = new CountDownLatch(1);
        HttpServer server = provider(1_000, providerSawClose);
        try {
            Endpoint endpoint = new Endpoint("anthropic", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 1, 8);
            ExecutionException late = assertThrows(ExecutionException.class, () -> new AnthropicTransport(Duration.ofSeconds(60))
                    .send(endpoint, new BackendRequest("/v1/chat/completions", CHAT, true, Map.of(), Duration.ofMillis(200),
                            Context.root())).get(20, TimeUnit.SECONDS));
            assertEquals(BackendFailure.Kind.TIMEOUT, assertInstanceOf(BackendFailure.class, late.getCause()).kind());
            // The router has moved on: nobody will read this answer, so the provider must stop sending it.
            assertTrue(providerSawClose.await(30, TimeUnit.SECONDS), "the provider's connection was closed");
        } finally {
            server.stop(0);
        }
    }

    private static void write(OutputStream out, String event) throws IOException {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
