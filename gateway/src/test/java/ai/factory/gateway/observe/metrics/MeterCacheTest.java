package ai.factory.gateway.observe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeterCacheTest {

    private final AtomicInteger built = new AtomicInteger();
    private final MeterCache<String, Object> cache = new MeterCache<>(3, labels -> {
        built.incrementAndGet();
        return new Object();
    });

    @Test
    void builds_a_meter_once_per_label_set_and_hands_the_same_instance_after() {
        Object first = cache.get("acme");
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.get("acme"));
        }
        assertNotSame(first, cache.get("globex"));
        assertEquals(2, built.get());
    }

    @Test
    void stays_bounded_when_label_sets_keep_changing() {
        for (int i = 0; i < 1000; i++) {
            cache.get("tenant-" + i);
        }
        assertEquals(1000, built.get());
        assertEquals(true, cache.size() <= 3, "size " + cache.size());
        // Starting over still resolves: the next lookup of a known set builds it again, then caches it.
        Object again = cache.get("tenant-0");
        assertSame(again, cache.get("tenant-0"));
    }

    @Test
    void refuses_a_bound_below_one() {
        assertThrows(IllegalArgumentException.class, () -> new MeterCache<String, Object>(0, l -> l));
    }
}
