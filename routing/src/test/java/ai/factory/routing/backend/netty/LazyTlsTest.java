package ai.factory.routing.backend.netty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.pool.Endpoint;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TLS context is built by the first https connection, once, off the event loops, and only then. */
class LazyTlsTest {

    private final Loops loops = new Loops();
    private final WireMockServer wiremock = new WireMockServer(options().dynamicPort().dynamicHttpsPort());

    @BeforeEach
    void start() {
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("content-type", "application/json").withBody("{\"ok\":true}")));
    }

    @AfterEach
    void stop() {
        loops.close();
        wiremock.stop();
    }

    @Test
    void plain_http_never_builds_it_and_https_builds_it_once_off_the_loop() throws Exception {
        AtomicInteger built = new AtomicInteger();
        AtomicReference<Thread> builtOn = new AtomicReference<>();
        Supplier<SslContext> tls = () -> {
            built.incrementAndGet();
            builtOn.set(Thread.currentThread());
            return insecure();
        };
        try (NettyTransport transport = transport(tls)) {
            assertEquals("{\"ok\":true}", call(transport, http()));
            assertEquals(0, built.get(), "no https endpoint called yet");
            assertEquals("{\"ok\":true}", call(transport, https()));
            assertEquals("{\"ok\":true}", call(transport, https()));
            assertEquals(1, built.get(), "built once");
            Thread loop = Loops.on(loops.first, Thread::currentThread);
            assertNotEquals(loop, builtOn.get());
            assertTrue(builtOn.get().getName().startsWith("backend-connect"), builtOn.get().getName());
        }
    }

    @Test
    void a_context_that_cannot_be_built_fails_https_calls_as_connect_failures_and_http_still_works() throws Exception {
        Supplier<SslContext> broken = () -> {
            throw new IllegalStateException("could not build the default TLS client context",
                    new SSLException("trust store unreadable"));
        };
        try (NettyTransport transport = transport(broken)) {
            for (int i = 0; i < 2; i++) { // the first waits for the build, the second finds it failed
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> transport.send(https(), Loops.request(Loops.CHAT, false)).get(20, TimeUnit.SECONDS));
                BackendFailure failure = assertInstanceOf(BackendFailure.class, e.getCause());
                assertEquals(BackendFailure.Kind.CONNECT, failure.kind());
                assertTrue(failure.getMessage().contains("trust store unreadable"), failure.getMessage());
            }
            assertEquals("{\"ok\":true}", call(transport, http()));
        }
    }

    private NettyTransport transport(Supplier<SslContext> tls) {
        return new NettyTransport(loops.group, NioSocketChannel::new, Loops.settings(), tls, false, OpenTelemetry.noop());
    }

    private Endpoint http() {
        return new Endpoint("gpu", URI.create("http://127.0.0.1:" + wiremock.port()), 1, 8);
    }

    private Endpoint https() {
        return new Endpoint("provider", URI.create("https://localhost:" + wiremock.httpsPort()), 1, 8);
    }

    private String call(NettyTransport transport, Endpoint endpoint) throws Exception {
        return NettyTransportTest.readAll(Loops.on(loops.first, () -> transport.send(endpoint, Loops.request(Loops.CHAT, false)))
                .get(20, TimeUnit.SECONDS), new AtomicReference<>());
    }

    private static SslContext insecure() {
        try {
            return SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
