package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An unknown key or value under {@code gateway.} stops the start, before anything connects to a
 * server (the check is the first eager bean), with the full key and what is allowed named.
 */
class ConfigKeyCheckTest {

    private static String startFailure(Map<String, Object> properties) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> ApplicationContext.run(properties, "test").close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    private static void assertNamed(String expected, String failure) {
        assertTrue(failure.contains(expected), failure);
    }

    @Test
    void a_misspelt_redis_failure_policy_stops_the_start_instead_of_meaning_fail_open() {
        assertNamed("gateway.ratelimit.redis-failure: 'fail-opne' is not one of fail-open, fail-closed",
                startFailure(Map.of("gateway.ratelimit.redis-failure", "fail-opne")));
    }

    @Test
    void an_unknown_backend_transport_stops_the_start() {
        assertNamed("gateway.backend.transport: 'okhttp' is not one of netty, jdk",
                startFailure(Map.of("gateway.backend.transport", "okhttp")));
    }

    @Test
    void an_unknown_pool_balancer_stops_the_start_listing_the_balancers() {
        assertNamed("gateway.pools.gpu.balancer: 'least-busy' is not one of round-robin, least-outstanding,",
                startFailure(Map.of("gateway.pools.gpu.endpoints[0].url", "http://localhost:1",
                        "gateway.pools.gpu.balancer", "least-busy")));
    }

    @Test
    void a_misspelt_responses_mode_stops_the_start_instead_of_routing_the_wrong_way() {
        assertNamed("gateway.pools.gpu.responses: 'pass-through' is not one of translate, passthrough",
                startFailure(Map.of("gateway.pools.gpu.endpoints[0].url", "http://localhost:1",
                        "gateway.pools.gpu.responses", "pass-through")));
    }

    @Test
    void a_misspelt_pool_key_stops_the_start() {
        assertNamed("gateway.pools.gpu.max-attemps: unknown key (known here: api-key, balancer,",
                startFailure(Map.of("gateway.pools.gpu.endpoints[0].url", "http://localhost:1",
                        "gateway.pools.gpu.max-attemps", 2)));
    }

    @Test
    void a_misspelt_top_level_section_stops_the_start() {
        assertNamed("gateway.ratelimt: unknown key", startFailure(Map.of("gateway.ratelimt.lease-ttl", "1m")));
    }

    @Test
    void a_misspelt_key_read_through_a_placeholder_stops_the_start() {
        assertNamed("gateway.chat.slack.api-uri: unknown key (known here: api-url)",
                startFailure(Map.of("gateway.chat.slack.api-uri", "http://localhost:1")));
    }

    @Test
    void a_misspelt_key_of_a_scheduled_task_stops_the_start_naming_the_right_one() {
        String failure = startFailure(Map.of("gateway.observability.budget-refersh", "10s"));
        assertNamed("gateway.observability.budget-refersh: unknown key (known here: access-log, budget-refresh,", failure);
    }

    @Test
    void a_misspelt_tier_data_residency_and_entitlement_stop_the_start() {
        String failure = startFailure(Map.of("gateway.tiers.gold.prority", 3,
                "gateway.tenant-routing.bank.data-residency", "on-prem",
                "gateway.products.default-entitlement", "some"));
        assertNamed("gateway.tiers.gold.prority: unknown key", failure);
        assertNamed("gateway.tenant-routing.bank.data-residency: 'on-prem' is not one of any, on-prem-only", failure);
        assertNamed("gateway.products.default-entitlement: 'some' is not one of all, none, list", failure);
    }
}
