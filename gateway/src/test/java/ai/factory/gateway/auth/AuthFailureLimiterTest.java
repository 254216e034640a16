package ai.factory.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthFailureLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofMinutes(1), 1000, now::get);

    @Test
    void an_address_is_refused_after_its_failures_until_the_window_ends() {
        for (int i = 0; i < 3; i++) {
            assertNull(limiter.blockedFor("10.0.0.1"));
            limiter.recordFailure("10.0.0.1");
        }
        Duration wait = limiter.blockedFor("10.0.0.1");
        assertNotNull(wait);
        assertEquals(Duration.ofMinutes(1), wait);
        now.addAndGet(Duration.ofSeconds(45).toNanos());
        assertEquals(Duration.ofSeconds(15), limiter.blockedFor("10.0.0.1"));
        now.addAndGet(Duration.ofSeconds(15).toNanos());
        assertNull(limiter.blockedFor("10.0.0.1"), "a new window starts clean");
        limiter.recordFailure("10.0.0.1");
        assertNull(limiter.blockedFor("10.0.0.1"));
    }

    @Test
    void other_addresses_are_not_affected() {
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        assertNotNull(limiter.blockedFor("10.0.0.1"));
        assertNull(limiter.blockedFor("10.0.0.2"));
    }

    @Test
    void memory_stays_bounded_under_many_addresses() {
        AuthFailureLimiter small = new AuthFailureLimiter(1, Duration.ofMinutes(1), 100, now::get);
        for (int i = 0; i < 10_000; i++) {
            small.recordFailure("addr-" + i);
        }
        small.recordFailure("last");
        assertNotNull(small.blockedFor("last"), "the most recent address is still counted");
        int remembered = 0;
        for (int i = 0; i < 10_000; i++) {
            if (small.blockedFor("addr-" + i) != null) {
                remembered++;
            }
        }
        assertTrue(remembered <= 150, remembered + " addresses remembered with room for 100");
    }

    @Test
    void a_limit_of_zero_disables_it() {
        AuthFailureLimiter off = new AuthFailureLimiter(0, Duration.ofMinutes(1), 100, now::get);
        for (int i = 0; i < 100; i++) {
            off.recordFailure("10.0.0.1");
        }
        assertNull(off.blockedFor("10.0.0.1"));
    }
}
