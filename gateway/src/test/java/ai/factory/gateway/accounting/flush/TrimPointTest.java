package ai.factory.gateway.accounting.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrimPointTest {

    @Test
    void group_with_pending_entries_keeps_its_oldest_pending_one() {
        assertEquals(Optional.of("100-3"), TrimPoint.of(List.of(new TrimPoint.Group("flushers", "200-0", 4, "100-3"))));
    }

    @Test
    void group_without_pending_entries_allows_trimming_up_to_last_delivered() {
        assertEquals(Optional.of("200-0"), TrimPoint.of(List.of(new TrimPoint.Group("flushers", "200-0", 0, null))));
    }

    @Test
    void the_slowest_group_decides() {
        assertEquals(Optional.of("150-0"), TrimPoint.of(List.of(
                new TrimPoint.Group("flushers", "900-0", 0, null),
                new TrimPoint.Group("audit", "300-0", 2, "150-0"),
                new TrimPoint.Group("export", "1000-0", 1, "999-9"))));
    }

    @Test
    void nothing_is_trimmed_without_groups_or_when_a_group_has_read_nothing() {
        assertTrue(TrimPoint.of(List.of()).isEmpty());
        assertTrue(TrimPoint.of(List.of(new TrimPoint.Group("flushers", "900-0", 0, null),
                new TrimPoint.Group("new", "0-0", 0, null))).isEmpty());
    }

    @Test
    void stream_ids_compare_as_numbers_not_text() {
        assertTrue(StreamIds.compare("99-0", "100-0") < 0);
        assertTrue(StreamIds.compare("100-10", "100-9") > 0);
        assertEquals("1700000000000-2", StreamIds.min("1700000000000-10", "1700000000000-2"));
    }
}
