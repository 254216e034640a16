package ai.factory.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * vLLM's continuous batching, reduced to what a gateway can observe: at most {@code slots}
 * sequences generate at once, the rest wait in a FIFO queue of at most {@code maxQueue}, and a
 * freed slot goes to the oldest waiter. Callers from every event loop share one lock; the
 * critical sections are a few field updates, and jobs are started outside it.
 */
final class BatchScheduler {

    /** A sequence that can be given a slot. {@link #start()} may be called on any thread. */
    interface Job {
        void start();
    }

    enum Admission { STARTED, QUEUED, REJECTED }

    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private int slots;
    private int maxQueue;
    private int running;

    BatchScheduler(int slots, int maxQueue) {
        this.slots = slots;
        this.maxQueue = maxQueue;
    }

    /** Starts the job now if a slot is free, queues it if the queue has room, else rejects it. */
    Admission submit(Job job) {
        synchronized (this) {
            if (running < slots) {
                running++;
            } else if (waiting.size() < maxQueue) {
                waiting.addLast(job);
                return Admission.QUEUED;
            } else {
                return Admission.REJECTED;
            }
        }
        job.start();
        return Admission.STARTED;
    }

    /**
     * Takes a job out of the system. A waiting job simply leaves the queue; a running one frees
     * its slot, which goes to the oldest waiter. Each job must be withdrawn exactly once.
     */
    void withdraw(Job job) {
        Job next;
        synchronized (this) {
            if (waiting.remove(job)) {
                return;
            }
            running--;
            next = grantLocked();
        }
        if (next != null) {
            next.start();
        }
    }

    /** Applies new limits; a larger batch starts waiters at once, a smaller one drains. */
    void resize(int newSlots, int newMaxQueue) {
        List<Job> toStart = new ArrayList<>();
        synchronized (this) {
            slots = newSlots;
            maxQueue = newMaxQueue;
            Job next;
            while ((next = grantLocked()) != null) {
                toStart.add(next);
            }
        }
        toStart.forEach(Job::start);
    }

    private Job grantLocked() {
        if (running >= slots || waiting.isEmpty()) {
            return null;
        }
        running++;
        return waiting.pollFirst();
    }

    synchronized int running() {
        return running;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    synchronized int slots() {
        return slots;
    }
}
