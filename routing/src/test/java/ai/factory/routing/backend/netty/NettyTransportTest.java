package ai.factory.routing.backend.netty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.pool.Endpoint;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pooling on the caller's event loop, what goes on the wire, and how calls fail before the head. */
class NettyTransportTest {

    private final Loops loops = new Loops();

    @AfterEach
    void stop() {
        loops.close();
    }

    @Test
    void keeps_one_connection_per_loop_alive_and_reuses_it_on_the_same_loop() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(1).interTokenMillis(0).build());
                NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create(emulator.baseUrl()), 1, 8);
            Thread firstLoop = Loops.on(loops.first, Thread::currentThread);
            for (int i = 0; i < 3; i++) {
                AtomicReference<Thread> deliveredOn = new AtomicReference<>();
                String answer = readAll(Loops.on(loops.first, () -> transport.send(endpoint, Loops.request(Loops.CHAT, false)))
                        .get(10, TimeUnit.SECONDS), deliveredOn);
                assertTrue(answer.contains("chat.completion"), answer);
                assertEquals(firstLoop, deliveredOn.get(), "the answer was handed on from the caller's loop");
            }
            assertEquals(1, emulator.connectionsAccepted(), "three calls on one loop, one connection");
            assertEquals(1, Loops.on(loops.first, () -> transport.idleConnections(loops.first, endpoint)));
            assertEquals(0, Loops.on(loops.second, () -> transport.idleConnections(loops.second, endpoint)));

            readAll(Loops.on(loops.second, () -> transport.send(endpoint, Loops.request(Loops.CHAT, false)))
                    .get(10, TimeUnit.SECONDS), new AtomicReference<>());
            assertEquals(2, emulator.connectionsAccepted(), "the other loop opens its own connection");
            assertEquals(1, Loops.on(loops.second, () -> transport.idleConnections(loops.second, endpoint)));
        }
    }

    @Test
    void the_answer_is_delivered_on_the_loop_the_call_was_made_on() throws Exception {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().ttftMillis(1).interTokenMillis(0).build());
                NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create(emulator.baseUrl()), 1, 8);
            Thread loopThread = Loops.on(loops.second, Thread::currentThread);
            AtomicReference<Thread> deliveredOn = new AtomicReference<>();
            readAll(Loops.on(loops.second, () -> transport.send(endpoint, Loops.request(Loops.STREAMED_CHAT, true)))
                    .get(10, TimeUnit.SECONDS), deliveredOn);
            assertEquals(loopThread, deliveredOn.get());
        }
    }

    @Test
    void a_pooled_connection_the_server_closed_is_dropped_and_the_next_call_opens_a_new_one() throws Exception {
        // Answers with keep-alive, then closes the connection anyway, as a server past its keep-alive does.
        try (RawBackend backend = new RawBackend((socket, out, self) -> {
            RawBackend.write(out, self, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
            return false;
        }); NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + backend.port()), 1, 8);
            assertEquals("{}", readAll(Loops.on(loops.first, () -> transport.send(endpoint, Loops.request(Loops.CHAT, false)))
                    .get(10, TimeUnit.SECONDS), new AtomicReference<>()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Loops.on(loops.first, () -> transport.idleConnections(loops.first, endpoint)) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, Loops.on(loops.first, () -> transport.idleConnections(loops.first, endpoint)),
                    "the closed connection left the pool");
            assertEquals("{}", readAll(Loops.on(loops.first, () -> transport.send(endpoint, Loops.request(Loops.CHAT, false)))
                    .get(10, TimeUnit.SECONDS), new AtomicReference<>()));
            assertEquals(2, backend.accepted.get());
        }
    }

    @Test
    void forwards_headers_and_the_callers_trace_context() throws Exception {
        WireMockServer wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        try (NettyTransport transport = new NettyTransport(loops.group, NioSocketChannel::new, Loops.settings(),
                OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance())))) {
            wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("content-type", "application/json").withHeader("x-backend", "wm").withBody("{\"ok\":true}")));
            String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
            Context parent = Context.root().with(Span.wrap(SpanContext.create(traceId, "00f067aa0ba902b7",
                    TraceFlags.getSampled(), TraceState.getDefault())));
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://localhost:" + wiremock.port()), 1, 8);
            BackendReply reply = transport.send(endpoint, new BackendRequest("/v1/chat/completions", Loops.CHAT, false,
                    Map.of("x-request-id", "req-1", "content-length", "1"), Duration.ofSeconds(10), parent)).get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status());
            assertEquals("wm", reply.header("X-Backend"));
            assertEquals("{\"ok\":true}", readAll(reply, new AtomicReference<>()));
            wiremock.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                    .withHeader("x-request-id", equalTo("req-1"))
                    .withHeader("content-type", equalTo("application/json"))
                    .withHeader("accept", equalTo("application/json"))
                    .withHeader("host", equalTo("localhost:" + wiremock.port()))
                    .withHeader("traceparent", WireMock.containing(traceId))
                    .withRequestBody(equalTo(new String(Loops.CHAT, StandardCharsets.UTF_8))));
        } finally {
            wiremock.stop();
        }
    }

    @Test
    void a_refused_connection_is_a_connect_failure() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + port), 1, 8);
            BackendFailure failure = failure(transport, endpoint, Loops.request(Loops.CHAT, false));
            assertEquals(BackendFailure.Kind.CONNECT, failure.kind());
            assertTrue(failure.getMessage().contains("connection refused"), failure.getMessage());
        }
    }

    @Test
    void a_reset_before_the_head_is_a_connect_failure() throws Exception {
        try (RawBackend backend = new RawBackend((socket, out, self) -> {
            socket.setSoLinger(true, 0); // RST instead of FIN
            return false;
        }); NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + backend.port()), 1, 8);
            assertEquals(BackendFailure.Kind.CONNECT, failure(transport, endpoint, Loops.request(Loops.CHAT, false)).kind());
        }
    }

    @Test
    void no_head_within_the_first_byte_timeout_is_a_timeout_and_frees_nothing_to_the_pool() throws Exception {
        WireMockServer wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        try (NettyTransport transport = loops.transport(Loops.settings())) {
            wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withFixedDelay(3_000).withBody("{}")));
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + wiremock.port()), 1, 8);
            BackendFailure failure = failure(transport, endpoint,
                    Loops.request(Loops.CHAT, false).withFirstByteTimeout(Duration.ofMillis(200)));
            assertEquals(BackendFailure.Kind.TIMEOUT, failure.kind());
            assertEquals(0, Loops.on(loops.first, () -> transport.idleConnections(loops.first, endpoint))
                    + Loops.on(loops.second, () -> transport.idleConnections(loops.second, endpoint)),
                    "a connection still owing an answer is closed, not pooled");
        } finally {
            wiremock.stop();
        }
    }

    @Test
    void a_server_error_is_returned_as_a_reply_for_the_router_to_judge() throws Exception {
        WireMockServer wiremock = new WireMockServer(options().dynamicPort());
        wiremock.start();
        try (NettyTransport transport = loops.transport(Loops.settings())) {
            wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)
                    .withHeader("retry-after", "2").withBody("{\"error\":\"busy\"}")));
            Endpoint endpoint = new Endpoint("gpu", URI.create("http://127.0.0.1:" + wiremock.port()), 1, 8);
            BackendReply reply = transport.send(endpoint, Loops.request(Loops.CHAT, false)).get(10, TimeUnit.SECONDS);
            assertEquals(503, reply.status());
            assertEquals("2", reply.header("retry-after"));
            assertEquals("{\"error\":\"busy\"}", readAll(reply, new AtomicReference<>()));
        } finally {
            wiremock.stop();
        }
    }

    @Test
    void speaks_tls_to_an_https_provider() throws Exception {
        WireMockServer wiremock = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        wiremock.start();
        try (NettyTransport transport = new NettyTransport(loops.group, NioSocketChannel::new, Loops.settings(),
                SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build(), false,
                OpenTelemetry.noop())) {
            wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("content-type", "application/json").withBody("{\"over\":\"tls\"}")));
            Endpoint endpoint = new Endpoint("openai", URI.create("https://localhost:" + wiremock.httpsPort()), 1, 8);
            BackendReply reply = transport.send(endpoint, Loops.request(Loops.CHAT, false)).get(10, TimeUnit.SECONDS);
            assertEquals("{\"over\":\"tls\"}", readAll(reply, new AtomicReference<>()));
            assertEquals(1, wiremock.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size());
        } finally {
            wiremock.stop();
        }
    }

    @Test
    void an_untrusted_certificate_is_a_connect_failure() throws Exception {
        WireMockServer wiremock = new WireMockServer(options().dynamicPort().dynamicHttpsPort());
        wiremock.start();
        try (NettyTransport transport = loops.transport(Loops.settings())) {
            Endpoint endpoint = new Endpoint("openai", URI.create("https://localhost:" + wiremock.httpsPort()), 1, 8);
            BackendFailure failure = failure(transport, endpoint, Loops.request(Loops.CHAT, false));
            assertEquals(BackendFailure.Kind.CONNECT, failure.kind());
            assertTrue(failure.getMessage().contains("TLS"), failure.getMessage());
            assertEquals(0, wiremock.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size());
        } finally {
            wiremock.stop();
        }
    }

    private static BackendFailure failure(NettyTransport transport, Endpoint endpoint, BackendRequest request) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> transport.send(endpoint, request).get(20, TimeUnit.SECONDS));
        return assertInstanceOf(BackendFailure.class, e.getCause());
    }

    /** Reads the whole body, noting the thread the last piece came on. */
    static String readAll(BackendReply reply, AtomicReference<Thread> deliveredOn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reply.body().doOnNext(b -> deliveredOn.set(Thread.currentThread())).map(NettyTransportTest::bytes)
                .doOnNext(out::writeBytes).blockLast(Duration.ofSeconds(20));
        return out.toString(StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
