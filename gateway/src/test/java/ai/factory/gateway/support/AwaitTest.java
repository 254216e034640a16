package ai.factory.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returns_the_first_value_the_condition_accepts() {
        AtomicInteger polls = new AtomicInteger();

        int value = Await.until(Duration.ofSeconds(5), polls::incrementAndGet, n -> n >= 3, "three polls");

        assertEquals(3, value);
    }

    @Test
    void timeout_names_what_never_happened_and_the_last_value() {
        AssertionError error = assertThrows(AssertionError.class,
                () -> Await.until(Duration.ofMillis(100), () -> 7, n -> n > 7, "more than seven"));

        assertTrue(error.getMessage().contains("waiting for: more than seven"), error.getMessage());
        assertTrue(error.getMessage().contains("last seen: 7"), error.getMessage());
    }

    @Test
    void a_condition_that_throws_is_asked_again_and_its_last_error_is_the_cause() {
        AtomicInteger polls = new AtomicInteger();
        Await.until(Duration.ofSeconds(5), () -> {
            if (polls.incrementAndGet() < 3) {
                throw new IllegalStateException("server restarting");
            }
            return true;
        }, "the server back");
        assertEquals(3, polls.get());

        AssertionError error = assertThrows(AssertionError.class, () -> Await.until(Duration.ofMillis(100), () -> {
            throw new IllegalStateException("still down");
        }, "the server back"));
        assertInstanceOf(IllegalStateException.class, error.getCause());
    }

    @Test
    void holds_is_false_after_the_timeout_instead_of_failing() {
        assertFalse(Await.holds(Duration.ofMillis(100), () -> false));
        assertTrue(Await.holds(Duration.ofMillis(100), () -> true));
    }
}
