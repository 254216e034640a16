package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.ratelimit.AdmissionConfig;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A GATEWAY_* environment variable the gateway would not read stops the start, named. */
class EnvironmentVariableCheckTest {

    private static KeyTree known() {
        KeyTree tree = new KeyTree();
        tree.path("gateway.pools.*").type(PoolConfig.class);
        tree.path("gateway.ratelimit").type(AdmissionConfig.class);
        tree.path("gateway.admin.token");
        tree.path("gateway.auth.client-address-header");
        return tree;
    }

    private static List<String> problems(Map<String, String> env) {
        return EnvironmentVariableCheck.problems(env, known(), Set.of("GATEWAY_PORT", "GATEWAY_RATELIMIT_REDIS_FAILURE"));
    }

    @Test
    void a_misspelt_variable_is_named_with_the_keys_known_where_it_went_wrong() {
        List<String> problems = problems(Map.of("GATEWAY_RATELIMIT_REDIS_FAILUER", "fail-closed"));
        assertEquals(1, problems.size(), problems.toString());
        String problem = problems.get(0);
        assertTrue(problem.startsWith("GATEWAY_RATELIMIT_REDIS_FAILUER: maps to no configuration key; nearest"
                + " gateway.ratelimit.redis-failuer: unknown key (known here:"), problem);
        assertTrue(problem.contains("redis-failure"), problem);
    }

    @Test
    void variables_that_map_to_known_keys_in_any_spelling_pass() {
        assertEquals(List.of(), problems(Map.of(
                "GATEWAY_ADMIN_TOKEN", "t",
                "GATEWAY_AUTH_CLIENT_ADDRESS_HEADER", "X-Real-IP",
                "GATEWAY_RATELIMIT_LEASE_TTL", "5m",
                "GATEWAY_POOLS_GPU_API_KEY", "sk",
                "GATEWAY_POOLS_GPU_BALANCER", "round-robin")));
    }

    @Test
    void placeholders_variables_read_directly_and_other_prefixes_pass() {
        assertEquals(List.of(), problems(Map.of("GATEWAY_PORT", "8080", "GATEWAY_RATELIMIT_REDIS_FAILURE", "fail-open",
                "GATEWAY_DATA_DIR", "/data", "GATEWAY_JAVA_OPTS", "-Xmx1g", "REDIS_URI", "redis://x", "HOME", "/root")));
    }

    @Test
    void kubernetes_service_links_of_a_service_named_gateway_pass_but_look_alikes_do_not() {
        assertEquals(List.of(), problems(Map.of("GATEWAY_SERVICE_HOST", "10.0.0.7", "GATEWAY_SERVICE_PORT", "80",
                "GATEWAY_SERVICE_PORT_HTTP", "80", "GATEWAY_PORT_80_TCP", "tcp://10.0.0.7:80",
                "GATEWAY_PORT_80_TCP_PROTO", "tcp", "GATEWAY_PORT_80_TCP_PORT", "80", "GATEWAY_PORT_80_TCP_ADDR", "10.0.0.7")));
        assertEquals(1, problems(Map.of("GATEWAY_PORT_80_TCP_ADRESS", "10.0.0.7")).size());
    }

    @Test
    void a_variable_that_maps_to_an_enum_key_has_its_value_checked() {
        String problem = problems(Map.of("GATEWAY_POOLS_GPU_BALANCER", "least-busy")).get(0);
        assertTrue(problem.startsWith("gateway.pools.gpu.balancer: 'least-busy' is not one of round-robin,"), problem);
        assertTrue(problem.endsWith("[environment variable GATEWAY_POOLS_GPU_BALANCER]"), problem);
    }

    @Test
    void every_misspelt_variable_is_reported_not_only_the_first() {
        assertEquals(2, problems(Map.of("GATEWAY_ADMIN_TOKNE", "t", "GATEWAY_RATELIMT_LEASE_TTL", "1m")).size());
    }

    /** Every message of the failure that stopped a context started with {@code env} as its environment variables. */
    private static String startFailure(Map<String, Object> properties, Map<String, Object> env, String... environments) {
        PropertySource variables = PropertySource.of("fake-env", env, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE);
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> ApplicationContext.builder(environments).properties(properties).propertySources(variables).start().close());
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }

    @Test
    void a_misspelt_variable_stops_the_start_naming_it() {
        String failure = startFailure(Map.of(), Map.of("GATEWAY_RATELIMIT_REDIS_FAILUER", "fail-closed"), "test");
        assertTrue(failure.contains("GATEWAY_RATELIMIT_REDIS_FAILUER: maps to no configuration key"), failure);
    }

    @Test
    void every_gateway_variable_in_the_readmes_configuration_table_is_known() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("| setting | environment |"));
        table = table.substring(0, table.indexOf("\n\n"));
        Map<String, Object> env = new TreeMap<>();
        Matcher m = Pattern.compile("GATEWAY_[A-Z0-9_]+").matcher(table);
        while (m.find()) {
            env.put(m.group(), "");
        }
        assertTrue(env.size() >= 10, env.toString());
        // A misspelt property makes the check fail for certain, listing every problem it found. The
        // local run's environment: the table names its variables too (GATEWAY_DEMO_KEY).
        String failure = startFailure(Map.of("gateway.ratelimt.lease-ttl", "1m"), env, "test", "local");
        assertTrue(failure.contains("gateway.ratelimt: unknown key"), failure);
        assertFalse(failure.contains("environment variable"), failure);
    }
}
