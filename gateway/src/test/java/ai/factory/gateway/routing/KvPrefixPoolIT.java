package ai.factory.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.config.KvEventFeeds;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.kvevents.KvEventSubscriber;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A {@code kv-prefix} pool over two emulators that publish vLLM-format KV events with vLLM's
 * sha256_cbor hashes of cl100k_base tokens: the gateway hashes each prompt as the servers do and
 * sends a shared-prefix series where its blocks are cached, whichever server that is.
 */
class KvPrefixPoolIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(52)
            .emulators("kv", 2, EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0).kvCacheBlocks(2000)
                    .kvEventsEndpoint("tcp://127.0.0.1:*").kvHashSeed("7"))
            .emulatorProperty("gateway.pools.kv.endpoints[0].kv-events", "kv", 0, Emulator::kvEventsEndpoint)
            .emulatorProperty("gateway.pools.kv.endpoints[1].kv-events", "kv", 1, Emulator::kvEventsEndpoint)
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

    @Test
    void a_shared_prefix_series_goes_to_the_server_whose_events_say_it_holds_the_blocks(GatewayApp app,
            @Key("kv-tenant") String key) throws Exception {
        Emulator[] servers = gw.emulators("kv").toArray(Emulator[]::new);
        assertEquals("kv-prefix", app.context().getBean(RouteTable.class).alias("kv-model").orElseThrow()
                .targets().get(0).pool().balancerName());
        List<KvEventSubscriber> subscribers = app.context().getBean(KvEventFeeds.class).subscribers();
        assertEquals(2, subscribers.size());
        // PUB drops what it sends before a subscription arrives, and a subscription that stays deaf is
        // renewed only after requests were routed to its server: warm up through the gateway with
        // throw-away prompts (their hashes spread them over both servers) until both have heard.
        int n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((subscribers.get(0).batches() == 0 || subscribers.get(1).batches() == 0) && System.nanoTime() < deadline) {
            HttpResponse<String> warm = app.post("/v1/chat/completions", key,
                    chat("warm-up " + n++ + " " + "filler words ".repeat(20), "x"));
            assertEquals(200, warm.statusCode(), warm.body());
            Await.quiet(Duration.ofMillis(20));
        }
        for (int i = 0; i < 2; i++) {
            assertTrue(subscribers.get(i).batches() > 0, "server " + i + "'s events never arrived (" + n + " warm-ups, "
                    + subscribers.get(i).reconnects() + " renewals)");
        }

        // Six prefixes, each cached by a direct request on a chosen server (alternating): a hash
        // alone would agree with all six choices once in 64 runs; the events make it every time.
        for (int p = 0; p < 6; p++) {
            int home = p % 2;
            String system = ("Policy " + p + " of the support desk: answer politely and cite the order number. ").repeat(8);
            KvEventSubscriber s = subscribers.get(home);
            long before = s.batches();
            assertEquals(200, direct(servers[home], chat(system, "seed")));
            Await.until(Duration.ofSeconds(30), () -> s.batches() > before, "the seed's blocks were published");

            long[] served = {servers[0].requestsServed(), servers[1].requestsServed()};
            for (int q = 0; q < 3; q++) {
                HttpResponse<String> reply = app.post("/v1/chat/completions", key, chat(system, "question " + q));
                assertEquals(200, reply.statusCode(), reply.body());
            }
            assertEquals(served[home] + 3, servers[home].requestsServed(), "prefix " + p + " follows its blocks");
            assertEquals(served[1 - home], servers[1 - home].requestsServed(), "prefix " + p);
        }
        assertEquals(0, subscribers.get(0).malformed() + subscribers.get(1).malformed());
    }
}
