package ai.factory.gateway.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UsdTest {

    @Test
    void usd_become_whole_nano_dollars_rounded_to_the_nearest() {
        assertEquals(1_000_000_000_000L, Usd.toNanos(1000.0));
        assertEquals(100_000_000L, Usd.toNanos(0.1));
        assertEquals(2L, Usd.toNanos(0.0000000016));
    }

    @Test
    void nano_dollars_read_back_as_usd() {
        assertEquals(1000.0, Usd.fromNanos(1_000_000_000_000L));
        assertEquals(0.25, Usd.fromNanos(Long.valueOf(250_000_000L)));
    }

    @Test
    void no_budget_stays_no_budget() {
        assertNull(Usd.toNanos(null));
        assertNull(Usd.fromNanos((Long) null));
    }
}
