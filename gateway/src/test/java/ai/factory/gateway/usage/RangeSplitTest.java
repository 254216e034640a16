package ai.factory.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RangeSplitTest {

    @Test
    void a_day_start_reads_day_rows_only() {
        Instant day = Instant.parse("2025-05-01T00:00:00Z");
        assertEquals(new RangeSplit(day, day, day), RangeSplit.since(day));
    }

    @Test
    void an_arbitrary_instant_reads_minutes_then_hours_then_days() {
        RangeSplit split = RangeSplit.since(Instant.parse("2025-05-01T22:41:30Z"));
        assertEquals(Instant.parse("2025-05-01T22:41:00Z"), split.minutesFrom());
        assertEquals(Instant.parse("2025-05-01T23:00:00Z"), split.hoursFrom());
        assertEquals(Instant.parse("2025-05-02T00:00:00Z"), split.daysFrom());
    }

    @Test
    void an_hour_start_skips_the_minute_rows() {
        RangeSplit split = RangeSplit.since(Instant.parse("2025-05-01T22:00:00Z"));
        assertEquals(split.minutesFrom(), split.hoursFrom());
    }
}
