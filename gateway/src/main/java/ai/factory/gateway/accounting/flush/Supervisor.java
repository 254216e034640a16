package ai.factory.gateway.accounting.flush;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a loop alive on its own thread: whatever the loop throws (an {@link Error} included, which
 * no {@code catch (RuntimeException)} sees) or if it returns while it should still run, the failure
 * is recorded and the loop is started again after a back-off. The thread ends only when
 * {@code running} turns false. A flusher thread that died once stopped billing for every tenant.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    private final String name;
    private final Runnable loop;
    private final BooleanSupplier running;
    private final FlusherState state;
    private final Duration maxBackoff;
    private Thread thread;

    Supervisor(String name, Runnable loop, BooleanSupplier running, FlusherState state, Duration maxBackoff) {
        this.name = name;
        this.loop = loop;
        this.running = running;
        this.state = state;
        this.maxBackoff = maxBackoff;
    }

    void start() {
        thread = new Thread(this::supervise, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** True while the supervising thread is alive (it should be, until stopped). */
    boolean alive() {
        return thread != null && thread.isAlive();
    }

    void stop(Duration wait) throws InterruptedException {
        stop(Duration.ZERO, wait);
    }

    /** Waits up to {@code grace} for the loop to finish on its own, then interrupts it and waits {@code wait}. */
    void stop(Duration grace, Duration wait) throws InterruptedException {
        if (thread != null) {
            if (!grace.isZero()) {
                thread.join(grace.toMillis());
            }
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(wait.toMillis());
            }
        }
    }

    private void supervise() {
        Backoff backoff = new Backoff(maxBackoff);
        while (running.getAsBoolean()) {
            Throwable failure;
            try {
                loop.run();
                failure = new IllegalStateException("the " + name + " loop returned while it should run");
            } catch (Throwable t) { // NOPMD: everything, Errors too: the loop must come back
                failure = t;
            }
            if (!running.getAsBoolean()) {
                break;
            }
            state.restarted(failure);
            long delay = backoff.nextDelayMillis();
            LOG.error("{} loop died; restarting it in {} ms", name, delay, failure);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                if (!running.getAsBoolean()) {
                    break;
                }
                Thread.interrupted(); // a stray interrupt: keep supervising
            }
        }
        state.stopped();
    }
}
