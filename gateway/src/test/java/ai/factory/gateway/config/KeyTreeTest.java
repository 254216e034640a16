package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.ratelimit.AdmissionConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyTreeTest {

    private static KeyTree tree() {
        KeyTree tree = new KeyTree();
        tree.path("gateway.pools.*").type(PoolConfig.class);
        tree.path("gateway.ratelimit").type(AdmissionConfig.class);
        tree.path("gateway.chat.slack.api-url");
        return tree;
    }

    @Test
    void keys_the_configuration_types_bind_are_known_in_either_spelling() {
        KeyTree tree = tree();
        assertEquals(List.of(), tree.check("gateway.pools.gpu.endpoints[0].url", "http://10.0.0.7:8000"));
        assertEquals(List.of(), tree.check("gateway.pools.gpu.endpoints[1].max-concurrent", 8));
        assertEquals(List.of(), tree.check("gateway.pools.gpu.health-check.interval", "5s"));
        assertEquals(List.of(), tree.check("gateway.pools.gpu.apiKey", "sk"));
        assertEquals(List.of(), tree.check("gateway.chat.slack.api-url", "http://localhost:1"));
        assertEquals(List.of(), tree.check("gateway.pools.gpu.balancer", "Prefix-Aware"));
    }

    @Test
    void a_misspelt_key_is_named_in_full_with_the_keys_known_beside_it() {
        assertEquals(List.of("gateway.ratelimit.lease-tll: unknown key (known here: batch-redis-calls, expected-instances,"
                + " lease-ttl, redis-failure, redis-timeout)"), tree().check("gateway.ratelimit.lease-tll", "10m"));
    }

    @Test
    void a_misspelt_enum_value_is_named_with_the_allowed_values() {
        assertEquals(List.of("gateway.ratelimit.redis-failure: 'fail-opne' is not one of fail-open, fail-closed"),
                tree().check("gateway.ratelimit.redis-failure", "fail-opne"));
    }

    @Test
    void yaml_lists_of_blocks_are_checked_entry_by_entry() {
        Object endpoints = List.of(Map.of("url", "http://a"), Map.of("url", "http://b", "wieght", 2));
        assertEquals(List.of("gateway.pools.gpu.endpoints[1].wieght: unknown key (known here: kv-events, max-concurrent, url, weight)"),
                tree().check("gateway.pools.gpu.endpoints", endpoints));
    }

    @Test
    void a_nested_block_given_as_a_map_is_checked_key_by_key() {
        assertEquals(List.of("gateway.pools.gpu.slo.batch-slot: unknown key (known here: batch-slots, headroom,"
                + " recheck, service-time)"), tree().check("gateway.pools.gpu.slo", Map.of("batch-slot", 8)));
    }

    @Test
    void a_key_below_a_plain_value_is_unknown() {
        assertEquals(List.of("gateway.pools.gpu.protocol.name: unknown key (known here: none)"),
                tree().check("gateway.pools.gpu.protocol.name", "openai"));
    }

    /** A configuration interface, as another package may declare one. */
    interface Sampling {
        java.time.Duration getInterval();

        boolean isEnabled();

        AdmissionConfig.RedisFailure onFailure();
    }

    @Test
    void a_configuration_interface_names_its_keys_by_its_getters() {
        KeyTree tree = new KeyTree();
        tree.path("gateway.sampling").type(Sampling.class);
        assertEquals(List.of(), tree.check("gateway.sampling.interval", "1s"));
        assertEquals(List.of(), tree.check("gateway.sampling.enabled", "true"));
        assertEquals(List.of("gateway.sampling.on-failure: 'open' is not one of fail-open, fail-closed"),
                tree.check("gateway.sampling.on-failure", "open"));
        assertEquals(List.of("gateway.sampling.get-interval: unknown key (known here: enabled, interval, on-failure)"),
                tree.check("gateway.sampling.get-interval", "1s"));
    }

    @Test
    void a_tree_written_as_lines_reads_back_equal_and_checks_alike() {
        List<String> lines = tree().lines();
        assertTrue(lines.contains("gateway.pools.*.endpoints[*].url"), lines.toString());
        assertTrue(lines.contains("gateway.ratelimit.redis-failure = fail-open, fail-closed"), lines.toString());
        KeyTree read = KeyTree.of(lines);
        assertEquals(lines, read.lines());
        assertEquals(tree().check("gateway.pools.gpu.endpoints", List.of(Map.of("url", "http://a", "wieght", 2))),
                read.check("gateway.pools.gpu.endpoints", List.of(Map.of("url", "http://a", "wieght", 2))));
        assertEquals(List.of("gateway.pools.gpu.balancer: 'least-busy' is not one of " + tree().path("gateway.pools.*.balancer").allowedValues()),
                read.check("gateway.pools.gpu.balancer", "least-busy"));
        assertEquals(List.of(), read.check("gateway.pools.gpu.balancer", "Prefix_Aware"));
    }

    @Test
    void lists_of_lists_and_maps_of_lists_survive_the_lines() {
        KeyTree tree = KeyTree.of(List.of("# known keys", "", "gateway.a[*][*]", "gateway.m.*[*] = x, y"));
        assertEquals(List.of("gateway.a[*][*]", "gateway.m.*[*] = x, y"), tree.lines());
        assertEquals(List.of(), tree.check("gateway.a[0][1]", "v"));
        assertEquals(List.of("gateway.m.k[0]: 'z' is not one of x, y"), tree.check("gateway.m.k[0]", "z"));
    }
}
