package ai.factory.gateway.accounting.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The linger is bounded at 5 s: a typo of hours would hold small batches back for hours. The
 * record is what Micronaut binds {@code gateway.usage.flusher.*} into, and the flusher is an
 * eager bean, so a refused value stops the start.
 */
class FlusherConfigTest {

    private static FlusherConfig withLinger(Duration linger) {
        return new FlusherConfig(true, "flushers", null, 500, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30), linger);
    }

    @Test
    void accepts_a_linger_of_five_seconds() {
        assertEquals(Duration.ofSeconds(5), withLinger(Duration.ofSeconds(5)).linger());
    }

    @Test
    void accepts_zero_and_negative_linger_which_turn_it_off() {
        assertEquals(Duration.ZERO, withLinger(Duration.ZERO).linger());
        assertEquals(Duration.ofMillis(-1), withLinger(Duration.ofMillis(-1)).linger());
    }

    @Test
    void refuses_a_linger_of_six_seconds_naming_the_key_and_the_range() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> withLinger(Duration.ofSeconds(6)));
        assertTrue(e.getMessage().contains("gateway.usage.flusher.linger"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 5s"), e.getMessage());
    }

    @Test
    void refuses_a_linger_just_above_five_seconds() {
        assertThrows(ConfigurationException.class, () -> withLinger(Duration.ofSeconds(5).plusMillis(1)));
    }
}
