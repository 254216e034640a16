package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class EmulatorLifecycleTest {

    @Test
    void starting_on_a_busy_port_fails_with_the_address() {
        try (Emulator first = Emulator.start(EmulatorConfig.builder().build())) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> Emulator.start(EmulatorConfig.builder().port(first.port()).build()));
            assertTrue(error.getMessage().contains(String.valueOf(first.port())), error.getMessage());
        }
    }

    @Test
    void closing_stops_serving_and_is_idempotent() {
        Emulator emulator = Emulator.start(EmulatorConfig.builder().build());
        TestClient client = new TestClient(emulator);
        assertEquals(200, client.get("/health").statusCode());

        emulator.close();
        emulator.close();

        UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> client.get("/health"));
        assertTrue(error.getCause() instanceof IOException);
    }

    @Test
    void base_url_names_a_reachable_host_and_the_bound_port() {
        try (Emulator emulator = Emulator.start(EmulatorConfig.builder().host("0.0.0.0").build())) {
            assertEquals("http://127.0.0.1:" + emulator.port(), emulator.baseUrl());
            assertEquals(200, new TestClient(emulator).get("/health").statusCode());
        }
    }
}
