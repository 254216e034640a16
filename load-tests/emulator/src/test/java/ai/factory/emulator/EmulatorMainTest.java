package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmulatorMainTest {

    @Test
    void flags_override_the_profile_whatever_their_order() {
        EmulatorConfig config = EmulatorMain.configure(EmulatorMain.parse(new String[] {
            "--ttft-ms", "7", "--profile", "realistic", "--port=9001", "--models", "a, b",
            "--error-rate", "0.25", "--error-status", "502", "--drop-rate", "0.1", "--slots", "8"}));

        assertEquals(7, config.ttftMillis());
        assertEquals(25, config.interTokenMillis()); // from the realistic profile
        assertEquals(9001, config.port());
        assertEquals(List.of("a", "b"), config.servedModels());
        assertEquals(0.25, config.errorRate());
        assertEquals(502, config.errorStatus());
        assertEquals(0.1, config.dropRate());
        assertEquals(8, config.batchSlots());
    }

    @Test
    void defaults_to_port_8000_and_the_default_profile() {
        EmulatorConfig config = EmulatorMain.configure(EmulatorMain.parse(new String[0]));

        assertEquals(8000, config.port());
        assertEquals(50, config.ttftMillis());
        assertEquals(10, config.interTokenMillis());
    }

    @Test
    void rejects_unknown_flags_and_bad_values() {
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorMain.configure(EmulatorMain.parse(new String[] {"--nope", "1"})));
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorMain.configure(EmulatorMain.parse(new String[] {"--error-rate", "2"})));
        assertThrows(IllegalArgumentException.class,
                () -> EmulatorMain.configure(EmulatorMain.parse(new String[] {"--profile", "turbo"})));
        assertThrows(IllegalArgumentException.class, () -> EmulatorMain.parse(new String[] {"--port"}));
    }

    @Test
    void profiles_have_the_documented_latencies() {
        assertEquals(0, EmulatorConfig.profile("fast").ttftMillis());
        assertEquals(0, EmulatorConfig.profile("fast").interTokenMillis());
        assertEquals(150, EmulatorConfig.profile("realistic").ttftMillis());
        assertEquals(25, EmulatorConfig.profile("realistic").interTokenMillis());
        assertEquals(64, EmulatorConfig.profile("default").batchSlots());
    }
}
