package ai.factory.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void generated_ids_are_unique_even_within_one_millisecond() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 100_000).parallel().mapToObj(i -> RequestIds.generate()).toList().forEach(ids::add);
        assertEquals(100_000, ids.size());
    }

    @Test
    void ids_from_many_fresh_threads_never_collide() throws Exception {
        // Each new thread seeds its own generator; seeds that repeated would repeat whole sequences.
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Thread> threads = IntStream.range(0, 64).mapToObj(t -> new Thread(() -> {
            for (int i = 0; i < 2_000; i++) {
                ids.add(RequestIds.generate(1_700_000_000_000L, randomOfThisThread()));
            }
        })).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(64 * 2_000, ids.size());
    }

    /** Same source as {@link RequestIds#generate()}, with the time fixed so only the random part differs. */
    private static RandomGenerator randomOfThisThread() {
        return RequestIds.threadRandom();
    }

    @Test
    void generated_ids_sort_by_time() {
        Random random = new Random(7);
        List<Long> times = List.of(0L, 1L, 31L, 32L, 1_700_000_000_000L, 1_700_000_000_001L, 1_800_000_000_000L,
                (1L << 48) - 1);
        String previous = null;
        for (long t : times) {
            String id = RequestIds.generate(t, random);
            assertTrue(id.matches("req_[0-9a-hjkmnp-tv-z]{26}"), id);
            if (previous != null) {
                assertTrue(previous.compareTo(id) < 0, previous + " !< " + id);
            }
            previous = id;
        }
    }

    @Test
    void generated_ids_are_valid_client_ids_too() {
        assertTrue(ClientIds.isToken(RequestIds.generate()));
    }
}
