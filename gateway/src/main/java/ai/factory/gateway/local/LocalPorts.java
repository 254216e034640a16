package ai.factory.gateway.local;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The ports of the local run's embedded servers. Configurable so that a second checkout, or a
 * test, can run beside a local run that already holds the defaults. A system property wins over
 * the environment variable; unset means today's fixed port.
 *
 * @param postgres embedded PostgreSQL ({@code GATEWAY_LOCAL_POSTGRES_PORT}, 15432)
 * @param redis embedded Redis ({@code GATEWAY_LOCAL_REDIS_PORT}, 16379)
 * @param emulators the two emulated GPU servers ({@code GATEWAY_LOCAL_EMULATOR_PORTS}, "18000,18001")
 */
public record LocalPorts(int postgres, int redis, List<Integer> emulators) {

    public static final LocalPorts DEFAULTS = new LocalPorts(15432, 16379, List.of(18000, 18001));

    static final String POSTGRES_VARIABLE = "GATEWAY_LOCAL_POSTGRES_PORT";
    static final String REDIS_VARIABLE = "GATEWAY_LOCAL_REDIS_PORT";
    static final String EMULATORS_VARIABLE = "GATEWAY_LOCAL_EMULATOR_PORTS";

    public LocalPorts {
        emulators = List.copyOf(emulators);
        // application-local.yml lists exactly two endpoints in the pool.
        if (emulators.size() != 2) {
            throw new IllegalStateException(EMULATORS_VARIABLE + " needs exactly two ports, comma-separated; got " + emulators);
        }
    }

    /** Reads the environment and the system properties; bad values stop the start with a clear message. */
    public static LocalPorts from(Map<String, String> env, Properties system) {
        int postgres = port(setting(env, system, POSTGRES_VARIABLE, "gateway.local.postgres-port"), POSTGRES_VARIABLE, DEFAULTS.postgres);
        int redis = port(setting(env, system, REDIS_VARIABLE, "gateway.local.redis-port"), REDIS_VARIABLE, DEFAULTS.redis);
        String emulatorSetting = setting(env, system, EMULATORS_VARIABLE, "gateway.local.emulator-ports");
        List<Integer> emulators = emulatorSetting == null ? DEFAULTS.emulators
                : Arrays.stream(emulatorSetting.split(",")).map(p -> port(p, EMULATORS_VARIABLE, -1)).toList();
        return new LocalPorts(postgres, redis, emulators);
    }

    /** The placeholders application-local.yml builds the emulator pool's endpoint URLs from. */
    public Map<String, Object> emulatorProperties() {
        return Map.of("gateway.local.emulator-port-1", emulators.get(0), "gateway.local.emulator-port-2", emulators.get(1));
    }

    private static String setting(Map<String, String> env, Properties system, String variable, String property) {
        String value = system.getProperty(property);
        if (value == null || value.isBlank()) {
            value = env.get(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int port(String value, String variable, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the variable's name
        }
        throw new IllegalStateException(variable + " must be a TCP port (1-65535); got '" + value + "'");
    }
}
