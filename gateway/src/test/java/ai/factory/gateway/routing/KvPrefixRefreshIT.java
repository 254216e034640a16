package ai.factory.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.config.KvEventFeeds;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.TestServers;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.kvevents.KvEventSubscriber;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A kv-prefix pool whose endpoints change by a configuration refresh: a server that joins is
 * subscribed to at once and its cached blocks attract requests; a server that leaves has its
 * subscription closed, which its publisher sees as the connection going away.
 */
class KvPrefixRefreshIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final EmulatorConfig.Builder PUBLISHING = EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0)
            .kvCacheBlocks(2000).kvEventsEndpoint("tcp://127.0.0.1:*").kvHashSeed("7");

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(59)
            .emulators("kv", 1, PUBLISHING)
            .emulatorServer("joiner", PUBLISHING)
            .emulatorProperty("gateway.pools.kv.endpoints[0].kv-events", "kv", 0, Emulator::kvEventsEndpoint)
            .property("gateway.pools.kv.balancer", "kv-prefix")
            .property("gateway.pools.kv.kv-events.tokenizer", "cl100k_base")
            .property("gateway.pools.kv.kv-events.hash-seed", "7")
            .property("gateway.pools.kv.kv-events.block-size", 16)
            // About one jeromq subscription in ten never hears its publisher: renew a deaf one fast.
            .property("gateway.pools.kv.kv-events.deaf-after", "1s")
            .alias("kv-model", "kv")
            .tenant("kv-tenant")
            .build();

    private static String chat(String system, String user) {
        return Bodies.chat("kv-model").maxTokens(1).system(system).user(user).json();
    }

    private static int direct(Emulator server, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static PropertySource refresh(GatewayApp app, PropertySource remove, String name, Map<String, Object> add) {
        Environment env = app.context().getEnvironment();
        if (remove != null) {
            env.removePropertySource(remove);
        }
        PropertySource source = PropertySource.of(name, add, 10_000);
        env.addPropertySource(source);
        env.refresh();
        app.context().publishEvent(new RefreshEvent());
        return source;
    }

    private static KvEventSubscriber subscriberOf(KvEventFeeds feeds, Emulator server) {
        return feeds.subscribers().stream().filter(s -> s.endpoint().equals(server.baseUrl().toString())).findFirst()
                .orElseThrow(() -> new AssertionError("no subscription to " + server.baseUrl() + ": " + feeds.subscribers()));
    }

    private static void awaitPublisherSees(Emulator server, int subscribers) {
        Await.until(Duration.ofSeconds(30), () -> server.kvEventSubscribers() == subscribers,
                server.baseUrl() + "'s publisher to count " + subscribers + " subscribers");
    }

    @Test
    void an_endpoint_added_by_a_refresh_is_subscribed_and_routed_to_and_a_removed_one_is_unsubscribed(GatewayApp app,
            @Key("kv-tenant") String key) throws Exception {
        Emulator first = gw.emulator("kv");
        Emulator joiner = gw.emulators("joiner").get(0);
        KvEventFeeds feeds = app.context().getBean(KvEventFeeds.class);
        Pool pool = app.context().getBean(RouteTable.class).alias("kv-model").orElseThrow().targets().get(0).pool();
        MeterRegistry meters = app.context().getBean(MeterRegistry.class);
        KvEventSubscriber firstSubscriber = subscriberOf(feeds, first);
        awaitPublisherSees(first, 1);
        assertEquals(0, joiner.kvEventSubscribers());

        PropertySource joined = refresh(app, null, "kv-joined", Map.of(
                "gateway.pools.kv.endpoints[1].url", joiner.baseUrl().toString(),
                "gateway.pools.kv.endpoints[1].kv-events", joiner.kvEventsEndpoint()));
        assertEquals(2, pool.endpoints().size(), pool.endpoints().toString());
        KvEventSubscriber joinerSubscriber = subscriberOf(feeds, joiner);
        assertSame(firstSubscriber, subscriberOf(feeds, first), "the staying server keeps its subscription");
        awaitPublisherSees(joiner, 1);

        // PUB drops what it sends before a subscription arrives, and a deaf one is renewed only after
        // requests went to its server: warm up through the gateway until the joiner has been heard.
        int n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (joinerSubscriber.batches() == 0 && System.nanoTime() < deadline) {
            HttpResponse<String> warm = app.post("/v1/chat/completions", key,
                    chat("warm-up " + n++ + " " + "filler words ".repeat(20), "x"));
            assertEquals(200, warm.statusCode(), warm.body());
            Await.quiet(Duration.ofMillis(20));
        }
        assertTrue(joinerSubscriber.batches() > 0, "the joiner's events never arrived (" + n + " warm-ups, "
                + joinerSubscriber.reconnects() + " renewals)");

        // Six prefixes cached on the joiner alone: the hash alone would send all six there once in 64
        // runs; the joiner's events, heard only through the new subscription, make it every time.
        for (int p = 0; p < 6; p++) {
            String system = ("Refund rule " + p + ": quote the order number and the date of purchase. ").repeat(8);
            long before = joinerSubscriber.batches();
            assertEquals(200, direct(joiner, chat(system, "seed")));
            Await.until(Duration.ofSeconds(30), () -> joinerSubscriber.batches() > before, "the seed's blocks published");
            long[] served = {first.requestsServed(), joiner.requestsServed()};
            for (int q = 0; q < 2; q++) {
                HttpResponse<String> reply = app.post("/v1/chat/completions", key, chat(system, "question " + q));
                assertEquals(200, reply.statusCode(), reply.body());
            }
            assertEquals(served[1] + 2, joiner.requestsServed(), "prefix " + p + " follows its blocks to the joiner");
            assertEquals(served[0], first.requestsServed(), "prefix " + p);
        }

        // A refresh naming a server with no publisher is refused whole: endpoints and subscriptions stay.
        PropertySource bad = refresh(app, null, "kv-no-publisher", Map.of(
                "gateway.pools.kv.endpoints[2].url", "http://127.0.0.1:" + TestServers.freePort()));
        assertEquals(2, pool.endpoints().size(), pool.endpoints().toString());
        assertEquals(List.of(firstSubscriber, joinerSubscriber), feeds.subscribers());
        app.context().getEnvironment().removePropertySource(bad);

        refresh(app, joined, "kv-left", Map.of(
                "gateway.pools.kv.endpoints[0].url", joiner.baseUrl().toString(),
                "gateway.pools.kv.endpoints[0].kv-events", joiner.kvEventsEndpoint()));
        assertEquals(List.of(joiner.baseUrl().toString()),
                pool.endpoints().stream().map(Endpoint::baseUrl).map(URI::toString).toList());
        assertFalse(firstSubscriber.isOpen(), "the removed server's subscription is closed");
        assertEquals(List.of(joinerSubscriber), feeds.subscribers());
        assertTrue(joinerSubscriber.isOpen());
        awaitPublisherSees(first, 0);
        assertEquals(1, joiner.kvEventSubscribers());
        assertNull(meters.find("gateway.kv_events.batches").tag("endpoint", first.baseUrl().toString()).functionCounter(),
                "the removed server's counters are unregistered");
        assertTrue(meters.find("gateway.kv_events.batches").tag("endpoint", joiner.baseUrl().toString())
                .functionCounter().count() > 0);
    }
}
