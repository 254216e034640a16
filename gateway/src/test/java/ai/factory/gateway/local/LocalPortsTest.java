package ai.factory.gateway.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LocalPortsTest {

    @Test
    void nothing_configured_keeps_the_fixed_ports_the_readme_names() {
        LocalPorts ports = LocalPorts.from(Map.of(), new Properties());
        assertEquals(new LocalPorts(15432, 16379, List.of(18000, 18001)), ports);
        assertEquals(Map.of("gateway.local.emulator-port-1", 18000, "gateway.local.emulator-port-2", 18001),
                ports.emulatorProperties());
    }

    @Test
    void environment_variables_choose_every_port() {
        LocalPorts ports = LocalPorts.from(Map.of("GATEWAY_LOCAL_POSTGRES_PORT", "25432", "GATEWAY_LOCAL_REDIS_PORT", "26379",
                "GATEWAY_LOCAL_EMULATOR_PORTS", "28000, 28001"), new Properties());
        assertEquals(new LocalPorts(25432, 26379, List.of(28000, 28001)), ports);
        assertEquals(28001, ports.emulatorProperties().get("gateway.local.emulator-port-2"));
    }

    @Test
    void a_system_property_wins_over_the_environment_variable() {
        Properties system = new Properties();
        system.setProperty("gateway.local.redis-port", "36379");
        system.setProperty("gateway.local.emulator-ports", "38000,38001");
        system.setProperty("gateway.local.postgres-port", "35432");
        LocalPorts ports = LocalPorts.from(Map.of("GATEWAY_LOCAL_REDIS_PORT", "26379", "GATEWAY_LOCAL_POSTGRES_PORT", "25432"), system);
        assertEquals(new LocalPorts(35432, 36379, List.of(38000, 38001)), ports);
    }

    @Test
    void a_value_that_is_not_a_port_stops_the_start_naming_the_variable() {
        for (String bad : List.of("abc", "0", "65536", "-1")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalPorts.from(Map.of("GATEWAY_LOCAL_REDIS_PORT", bad), new Properties()));
            assertTrue(e.getMessage().contains("GATEWAY_LOCAL_REDIS_PORT") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void the_emulator_pool_needs_exactly_two_ports() {
        for (String bad : List.of("28000", "28000,28001,28002", "28000,x")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LocalPorts.from(Map.of("GATEWAY_LOCAL_EMULATOR_PORTS", bad), new Properties()));
            assertTrue(e.getMessage().contains("GATEWAY_LOCAL_EMULATOR_PORTS"), e.getMessage());
        }
    }
}
