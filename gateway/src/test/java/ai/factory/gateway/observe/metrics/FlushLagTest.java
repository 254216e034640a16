package ai.factory.gateway.observe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FlushLagTest {

    @Test
    void lag_is_the_age_of_the_oldest_pending_or_undelivered_event() {
        assertEquals(30.0, FlushLag.seconds(100_000, "70000-0", "90000-3"));
        assertEquals(10.0, FlushLag.seconds(100_000, null, "90000-3"));
        assertEquals(40.0, FlushLag.seconds(100_000, "60000-1", null));
    }

    @Test
    void nothing_waiting_means_no_lag() {
        assertEquals(0.0, FlushLag.seconds(100_000, null, null));
    }

    @Test
    void clock_skew_between_redis_and_the_gateway_never_makes_lag_negative() {
        assertEquals(0.0, FlushLag.seconds(100_000, "100500-0", null));
    }
}
