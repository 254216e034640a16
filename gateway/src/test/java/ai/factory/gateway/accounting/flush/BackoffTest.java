package ai.factory.gateway.accounting.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doubles_up_to_the_cap_and_starts_over_after_a_success() {
        Backoff b = new Backoff(Duration.ofMillis(500));
        assertEquals(100, b.nextDelayMillis());
        assertEquals(200, b.nextDelayMillis());
        assertEquals(400, b.nextDelayMillis());
        assertEquals(500, b.nextDelayMillis());
        assertEquals(500, b.nextDelayMillis());
        b.reset();
        assertEquals(100, b.nextDelayMillis());
    }
}
