package ai.factory.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A configuration file for the fixture is read into flat keys; a missing one is named. */
class ConfigFileTest {

    @Test
    void a_yaml_file_becomes_flat_properties_with_nested_keys_and_lists_as_values() {
        var props = ConfigFile.read("/config/full-gateway.yml");
        assertEquals("3s", String.valueOf(props.get("gateway.connect-timeout")));
        assertEquals("sk-pool", String.valueOf(props.get("gateway.pools.gpu-a.api-key")));
        // A list stays one value, as Micronaut's own YAML source keeps it.
        assertEquals("http://127.0.0.1:1", ((Map<?, ?>) ((List<?>) props.get("gateway.pools.gpu-a.endpoints")).get(0)).get("url"));
    }

    @Test
    void a_missing_file_is_named() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ConfigFile.read("/config/no-such.yml"));
        assertTrue(missing.getMessage().contains("/config/no-such.yml"), missing.getMessage());
    }
}
