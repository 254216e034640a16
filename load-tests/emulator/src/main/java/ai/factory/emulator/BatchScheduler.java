package ai.factory.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * vLLM's continuous batching, reduced to what a gateway can observe: at most {@code slots}
 * sequences generate at once, the rest wait in a FIFO queue of at most {@code maxQueue}, and a
 * freed slot goes to the oldest waiter that can run. With LoRA slots ({@link LoraSlots}) a waiter
 * whose adapter cannot be loaded is skipped, as vLLM's scheduler skips it, and waits on. Callers
 * from every event loop share one lock; the critical sections are a few field updates (and a scan
 * of the queue when adapters block), and jobs are started outside it.
 */
final class BatchScheduler {

    /** A sequence that can be given a slot. {@link #start()} may be called on any thread. */
    interface Job {
        void start();

        /** The LoRA adapter it runs with, or null for a base model. */
        default String adapter() {
            return null;
        }

        /** Told before {@link #start()} when its adapter had to be loaded for it. */
        default void adapterLoaded() {
        }
    }

    enum Admission { STARTED, QUEUED, REJECTED }

    private final ArrayDeque<Job> waiting = new ArrayDeque<>();
    private final LoraSlots loras;
    private int slots;
    private int maxQueue;
    private int running;

    BatchScheduler(int slots, int maxQueue) {
        this(slots, maxQueue, 0);
    }

    BatchScheduler(int slots, int maxQueue, int maxLoras) {
        this.slots = slots;
        this.maxQueue = maxQueue;
        this.loras = maxLoras > 0 ? new LoraSlots(maxLoras) : null;
    }

    /** Starts the job now if a slot is free (and its adapter can run), queues it if the queue has room, else rejects it. */
    Admission submit(Job job) {
        boolean loaded;
        synchronized (this) {
            if (running < slots && (loras == null || loras.canRun(job.adapter()))) {
                running++;
                loaded = loras != null && loras.acquire(job.adapter());
            } else if (waiting.size() < maxQueue) {
                waiting.addLast(job);
                return Admission.QUEUED;
            } else {
                return Admission.REJECTED;
            }
        }
        start(job, loaded);
        return Admission.STARTED;
    }

    /**
     * Takes a job out of the system. A waiting job simply leaves the queue; a running one frees
     * its slot (and its adapter), which go to the oldest waiters that can run. Each job must be
     * withdrawn exactly once.
     */
    void withdraw(Job job) {
        List<Job> toStart = new ArrayList<>();
        List<Boolean> loadedFlags = new ArrayList<>();
        synchronized (this) {
            if (waiting.remove(job)) {
                return;
            }
            running--;
            if (loras != null) {
                loras.release(job.adapter());
            }
            grantAllLocked(toStart, loadedFlags);
        }
        for (int i = 0; i < toStart.size(); i++) {
            start(toStart.get(i), loadedFlags.get(i));
        }
    }

    /** Applies new limits; a larger batch starts waiters at once, a smaller one drains. */
    void resize(int newSlots, int newMaxQueue) {
        List<Job> toStart = new ArrayList<>();
        List<Boolean> loadedFlags = new ArrayList<>();
        synchronized (this) {
            slots = newSlots;
            maxQueue = newMaxQueue;
            grantAllLocked(toStart, loadedFlags);
        }
        for (int i = 0; i < toStart.size(); i++) {
            start(toStart.get(i), loadedFlags.get(i));
        }
    }

    private static void start(Job job, boolean adapterLoaded) {
        if (adapterLoaded) {
            job.adapterLoaded();
        }
        job.start();
    }

    private void grantAllLocked(List<Job> toStart, List<Boolean> loadedFlags) {
        for (Iterator<Job> it = waiting.iterator(); it.hasNext() && running < slots; ) {
            Job next = it.next();
            if (loras != null && !loras.canRun(next.adapter())) {
                continue;
            }
            it.remove();
            running++;
            loadedFlags.add(loras != null && loras.acquire(next.adapter()));
            toStart.add(next);
        }
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

    /** Adapters in the batch now; empty without LoRA slots. */
    synchronized Set<String> runningAdapters() {
        return loras == null ? Set.of() : loras.runningAdapters();
    }

    /** Adapters of waiting sequences; empty without LoRA slots. */
    synchronized Set<String> waitingAdapters() {
        Set<String> out = new TreeSet<>();
        if (loras != null) {
            for (Job job : waiting) {
                if (job.adapter() != null) {
                    out.add(job.adapter());
                }
            }
        }
        return out;
    }

    int maxLoras() {
        return loras == null ? 0 : loras.maxLoras();
    }
}
