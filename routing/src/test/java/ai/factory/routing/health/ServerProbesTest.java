package ai.factory.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.balancing.WeightedLeastOutstanding;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server; waits are polls with generous deadlines, never fixed sleeps. */
class ServerProbesTest {

    private HttpServer server;
    private final AtomicInteger healthStatus = new AtomicInteger(200);
    private Endpoint endpoint;
    private Pool pool;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(healthStatus.get(), -1);
            exchange.close();
        });
        server.createContext("/metrics", exchange -> {
            byte[] page = "vllm:num_requests_waiting{model_name=\"m\"} 4\nvllm:num_requests_running{model_name=\"m\"} 9\nvllm:kv_cache_usage_perc{model_name=\"m\"} 0.5\n"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        endpoint = new Endpoint("p", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 1, 8);
        pool = new Pool("p", Protocol.OPENAI, List.of(endpoint), new WeightedLeastOutstanding());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void failing_health_checks_take_the_endpoint_out_and_passing_ones_bring_it_back() throws Exception {
        try (ServerProbes probes = new ServerProbes()) {
            probes.watchHealth(pool, Duration.ofMillis(50), Duration.ofSeconds(1));
            assertTrue(endpoint.guard().routable());
            healthStatus.set(503);
            await(() -> !endpoint.guard().routable(), "the endpoint is out");
            assertEquals("failing its health checks", endpoint.guard().describe());
            healthStatus.set(200);
            await(() -> endpoint.guard().routable(), "the endpoint is back");
        }
    }

    @Test
    void a_server_that_stops_answering_fails_its_checks() throws Exception {
        try (ServerProbes probes = new ServerProbes()) {
            probes.watchHealth(pool, Duration.ofMillis(50), Duration.ofSeconds(1));
            server.stop(0);
            await(() -> !endpoint.guard().routable(), "the endpoint is out");
            assertFalse(endpoint.guard().routable());
        }
    }

    @Test
    void scrapes_the_servers_load_gauges() throws Exception {
        try (ServerProbes probes = new ServerProbes()) {
            probes.scrapeMetrics(pool, Duration.ofMillis(50), Duration.ofSeconds(1));
            await(() -> endpoint.serverLoad() != null, "a scrape arrived");
            assertNotNull(endpoint.serverLoad());
            assertEquals(4.0, endpoint.serverLoad().waiting());
            assertEquals(0.5, endpoint.serverLoad().kvUsage());
        }
    }

    @Test
    void the_http_client_is_built_by_the_first_probe_not_by_the_constructor() throws Exception {
        try (ServerProbes probes = new ServerProbes()) {
            assertFalse(probes.clientBuilt());
            probes.watchHealth(pool, Duration.ofMillis(50), Duration.ofSeconds(1));
            await(probes::clientBuilt, "the first probe built the client");
        }
    }
}
