package ai.factory.gateway.support;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A property read off an emulator that was not started fails the start naming the pools there are. */
class EmulatorPropertyTest {

    @Test
    void an_undeclared_pool_or_an_index_past_its_emulators_names_the_declared_pools() {
        Map<String, List<Emulator>> started = Map.of("kv", List.of());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                () -> new EmulatorProperty("gpu", 0, Emulator::baseUrl).resolve(started));
        assertTrue(pool.getMessage().contains("pool 'gpu'") && pool.getMessage().contains("[kv]"), pool.getMessage());
        IllegalArgumentException index = assertThrows(IllegalArgumentException.class,
                () -> new EmulatorProperty("kv", 0, Emulator::baseUrl).resolve(started));
        assertTrue(index.getMessage().contains("no emulator 0 in pool 'kv'"), index.getMessage());
    }
}
