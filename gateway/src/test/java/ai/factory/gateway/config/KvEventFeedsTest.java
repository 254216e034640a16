package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.health.GuardSettings;
import ai.factory.routing.pool.Endpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a pool's kv-events block becomes a kv-prefix balancer, or why it does not. */
class KvEventFeedsTest {

    private static final Duration STALE = Duration.ofSeconds(1);
    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("gpu", URI.create("http://gpu-0:8000"), 1, 8, GuardSettings.defaults()),
            new Endpoint("gpu", URI.create("http://gpu-1:8000"), 1, 8, GuardSettings.defaults()));
    private static final List<PoolConfig.EndpointEntry> ENTRIES = List.of(
            new PoolConfig.EndpointEntry(URI.create("http://gpu-0:8000"), null, null, null),
            new PoolConfig.EndpointEntry(URI.create("http://gpu-1:8000"), null, null, "tcp://127.0.0.1:1"));

    /** A kv-events block as configuration would bind it. */
    private static PoolConfig.KvEvents kv(String pattern, String hash, String seed, String tokenizer) {
        return new PoolConfig.KvEvents(pattern, hash, seed, null, tokenizer, null, null);
    }

    @Test
    void subscribes_to_each_server_by_its_own_address_or_the_pattern_and_stops_them_on_close() {
        try (KvEventFeeds feeds = new KvEventFeeds(new SimpleMeterRegistry())) {
            PoolConfig.KvEvents kv = kv("tcp://{host}:5557", null, "0", "cl100k_base");
            assertEquals("kv-prefix", feeds.balancer("gpu", kv, ENTRIES, ENDPOINTS, STALE, "gateway.pools.gpu").name());
            assertEquals(2, feeds.subscribers().size());
            feeds.close();
            assertTrue(feeds.subscribers().isEmpty());
        }
    }

    @Test
    void a_refreshed_list_moves_the_subscriptions_and_one_without_a_publisher_changes_nothing() {
        try (KvEventFeeds feeds = new KvEventFeeds(new SimpleMeterRegistry())) {
            feeds.balancer("gpu", kv(null, null, "0", "cl100k_base"), List.of(ENTRIES.get(1)), List.of(ENDPOINTS.get(1)),
                    STALE, "gateway.pools.gpu");
            var kept = feeds.subscribers().get(0);
            List<Endpoint> three = List.of(ENDPOINTS.get(1),
                    new Endpoint("gpu", URI.create("http://gpu-2:8000"), 1, 8, GuardSettings.defaults()));
            assertThrows(ConfigurationException.class, () -> feeds.follow("gpu", List.of(ENTRIES.get(1),
                    new PoolConfig.EndpointEntry(URI.create("http://gpu-2:8000"), null, null, null)), three));
            assertEquals(List.of(kept), feeds.subscribers());

            feeds.follow("gpu", List.of(new PoolConfig.EndpointEntry(URI.create("http://gpu-2:8000"), null, null,
                    "tcp://127.0.0.1:2")), List.of(three.get(1)));
            assertEquals(List.of("http://gpu-2:8000"), feeds.subscribers().stream().map(s -> s.endpoint()).toList());
            assertFalse(kept.isOpen());
            feeds.follow("not-kv-prefix", ENTRIES, ENDPOINTS);
            assertEquals(1, feeds.subscribers().size());
        }
    }

    @Test
    void a_tokenizer_the_gateway_lacks_falls_back_to_prefix_hash_without_subscribing() {
        try (KvEventFeeds feeds = new KvEventFeeds(new SimpleMeterRegistry())) {
            PoolConfig.KvEvents kv = kv("tcp://{host}:5557", null, "0", "meta-llama/Llama-3.1-8B-Instruct");
            assertEquals("prefix-hash", feeds.balancer("gpu", kv, ENTRIES, ENDPOINTS, STALE, "gateway.pools.gpu").name());
            assertTrue(feeds.subscribers().isEmpty());
        }
    }

    @Test
    void refuses_a_block_it_cannot_route_by() {
        try (KvEventFeeds feeds = new KvEventFeeds(new SimpleMeterRegistry())) {
            String where = "gateway.pools.gpu";
            assertTrue(assertThrows(ConfigurationException.class,
                    () -> feeds.balancer("gpu", null, ENTRIES, ENDPOINTS, STALE, where))
                    .getMessage().contains("kv-prefix needs a kv-events block"));
            assertTrue(assertThrows(ConfigurationException.class, () -> feeds.balancer("gpu",
                    kv("tcp://{host}:1", null, null, "cl100k_base"), ENTRIES, ENDPOINTS, STALE,
                    where)).getMessage().contains("hash-seed"));
            assertTrue(assertThrows(ConfigurationException.class, () -> feeds.balancer("gpu",
                    kv(null, "sha256", "0", "cl100k_base"), ENTRIES, ENDPOINTS, STALE,
                    where)).getMessage().contains("only sha256_cbor"));
            assertTrue(assertThrows(ConfigurationException.class, () -> feeds.balancer("gpu",
                    kv(null, null, "0", "cl100k_base"), ENTRIES, ENDPOINTS, STALE, where))
                    .getMessage().contains("no publisher for http://gpu-0:8000"));
            assertTrue(feeds.subscribers().isEmpty());
        }
    }
}
