package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSchedulerTest {

    private final List<String> started = new ArrayList<>();

    private BatchScheduler.Job job(String name) {
        return () -> started.add(name);
    }

    @Test
    void starts_up_to_slots_then_queues_then_rejects() {
        BatchScheduler scheduler = new BatchScheduler(2, 1);

        assertEquals(BatchScheduler.Admission.STARTED, scheduler.submit(job("a")));
        assertEquals(BatchScheduler.Admission.STARTED, scheduler.submit(job("b")));
        assertEquals(BatchScheduler.Admission.QUEUED, scheduler.submit(job("c")));
        assertEquals(BatchScheduler.Admission.REJECTED, scheduler.submit(job("d")));
        assertEquals(List.of("a", "b"), started);
        assertEquals(2, scheduler.running());
        assertEquals(1, scheduler.waiting());
    }

    @Test
    void a_freed_slot_goes_to_the_oldest_waiter() {
        BatchScheduler scheduler = new BatchScheduler(1, 10);
        BatchScheduler.Job a = job("a");
        scheduler.submit(a);
        scheduler.submit(job("b"));
        scheduler.submit(job("c"));

        scheduler.withdraw(a);

        assertEquals(List.of("a", "b"), started);
        assertEquals(1, scheduler.running());
        assertEquals(1, scheduler.waiting());
    }

    @Test
    void withdrawing_a_waiter_does_not_free_a_slot() {
        BatchScheduler scheduler = new BatchScheduler(1, 10);
        scheduler.submit(job("a"));
        BatchScheduler.Job b = job("b");
        scheduler.submit(b);

        scheduler.withdraw(b);

        assertEquals(1, scheduler.running());
        assertEquals(0, scheduler.waiting());
        assertEquals(List.of("a"), started);
    }

    @Test
    void growing_the_batch_starts_waiters_at_once() {
        BatchScheduler scheduler = new BatchScheduler(1, 10);
        scheduler.submit(job("a"));
        scheduler.submit(job("b"));
        scheduler.submit(job("c"));

        scheduler.resize(3, 10);

        assertEquals(List.of("a", "b", "c"), started);
        assertEquals(3, scheduler.running());
    }
}
