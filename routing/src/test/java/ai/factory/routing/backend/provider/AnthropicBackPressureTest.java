package ai.factory.routing.backend.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.SseFramer;
import ai.factory.routing.pool.Endpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.opentelemetry.context.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;

/**
 * A client that reads slowly must not make the gateway hold the provider's whole answer: the
 * transport stops taking tokens from the provider while its bounded buffer is full.
 */
class AnthropicBackPressureTest {

    private static final int TOKENS = 10_000;
    private static final int SLOW_READS = 400;
    private static final int BUFFER = 32;

    private WireMockServer provider;
    private Endpoint endpoint;

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        endpoint = new Endpoint("anthropic", URI.create(provider.baseUrl()), 1, 8);
        StringBuilder sse = new StringBuilder();
        sse.append("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"stop_reason\":null,"
                + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n");
        sse.append("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < TOKENS; i++) {
            sse.append("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"t").append(i).append(" \"}}\n\n");
        }
        sse.append("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        sse.append("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":" + TOKENS + "}}\n\n");
        sse.append("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        provider.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "text/event-stream").withBody(sse.toString())));
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    /** What the body holds between the provider and the reader now (the largest buffer on its chain). */
    private static int buffered(Flux<ByteBuffer> body) {
        Scannable chain = Scannable.from(body);
        int parents = chain.parents().mapToInt(p -> value(p.scan(Scannable.Attr.BUFFERED))).max().orElse(0);
        return Math.max(parents, value(chain.scan(Scannable.Attr.BUFFERED)));
    }

    private static int value(Integer n) {
        return n == null ? 0 : n;
    }

    @Test
    void a_slow_reader_holds_back_the_provider_and_the_buffer_stays_bounded() throws Exception {
        AnthropicTransport transport = new AnthropicTransport(Duration.ofSeconds(60), BUFFER);
        String chat = "{\"model\":\"claude-test\",\"max_tokens\":64000,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";
        BackendReply reply = transport.send(endpoint, new BackendRequest("/v1/chat/completions",
                chat.getBytes(StandardCharsets.UTF_8), true, Map.of("authorization", "Bearer k"), Duration.ofSeconds(10),
                Context.root())).get(10, TimeUnit.SECONDS);
        Flux<ByteBuffer> body = reply.body();
        AtomicInteger highWater = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        StringBuilder text = new StringBuilder();
        SseFramer framer = new SseFramer(1 << 20);
        ObjectMapper json = new ObjectMapper();
        CountDownLatch ended = new CountDownLatch(1);
        body.subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(ByteBuffer chunk) {
                highWater.accumulateAndGet(buffered(body), Math::max);
                for (byte[] event : framer.feed(chunk)) {
                    String data = SseFramer.data(event);
                    if (!"[DONE]".equals(data)) {
                        try {
                            text.append(json.readTree(data).at("/choices/0/delta/content").asText(""));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
                if (reads.incrementAndGet() < SLOW_READS) {
                    // A slow client: one chunk every few milliseconds, while the provider could send all at once.
                    Schedulers.parallel().schedule(() -> request(1), 5, TimeUnit.MILLISECONDS);
                } else if (reads.get() == SLOW_READS) {
                    requestUnbounded();
                }
            }

            @Override
            protected void hookFinally(SignalType type) {
                ended.countDown();
            }
        });
        assertTrue(ended.await(60, TimeUnit.SECONDS), "the stream never ended");
        assertTrue(highWater.get() <= BUFFER, "buffered up to " + highWater.get() + " chunks for a slow reader");
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < TOKENS; i++) {
            expected.append('t').append(i).append(' ');
        }
        assertEquals(expected.toString(), text.toString(), "every token, in order, once");
    }
}
