package ai.factory.routing.slo;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Predicts how long a request sent to a pool now would wait for a batch slot: nothing while a
 * batch has room, else one service time per wave of {@code slots} sequences ahead of it (a
 * conservative bound: the first wave is on average half done). Occupancy comes from the servers' own gauges when fresh ({@code waiting}, and a KV cache
 * nearly full counts as a full batch, since the server will preempt rather than start more) and
 * otherwise from the gateway's own in-flight counts beyond each server's batch.
 *
 * <p>The service time is learnt: an exponentially weighted mean of the slot holding times the
 * gateway observes ({@link #completed(long)}), starting from a configured guess.
 */
public final class WaitPredictor {

    private final int slotsPerEndpoint;
    private final long staleAfterNanos;
    private final AtomicLong serviceMicros;

    /**
     * @param slotsPerEndpoint each server's batch size (vLLM's {@code max_num_seqs})
     * @param initialServiceMillis the guess of a sequence's slot time before any was observed
     */
    public WaitPredictor(int slotsPerEndpoint, long initialServiceMillis, long staleAfterMillis) {
        if (slotsPerEndpoint < 1 || initialServiceMillis < 1) {
            throw new IllegalArgumentException("slots per endpoint and service time must be positive");
        }
        this.slotsPerEndpoint = slotsPerEndpoint;
        this.serviceMicros = new AtomicLong(initialServiceMillis * 1000);
        this.staleAfterNanos = staleAfterMillis * 1_000_000;
    }

    /** Predicted wait, in milliseconds, before a new request's sequence gets a batch slot. */
    public double waitMillis(List<Endpoint> endpoints, long nowNanos) {
        double occupied = 0;
        int slots = 0;
        for (Endpoint e : endpoints) {
            slots += slotsPerEndpoint;
            ServerLoad load = e.serverLoad();
            double local = e.inFlight();
            if (load != null && nowNanos - load.scrapedAtNanos() <= staleAfterNanos) {
                // The gauges miss what was sent since the scrape; the local count misses other instances.
                double server = load.running() + load.waiting() + (load.kvUsage() >= 0.98 ? slotsPerEndpoint : 0);
                occupied += Math.max(server, local);
            } else {
                occupied += local;
            }
        }
        if (slots == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (occupied < slots) {
            return 0;
        }
        // Full batches: the sequences ahead leave in waves of `slots`, each taking a service time.
        double waves = Math.floor((occupied - slots) / slots) + 1;
        return waves * serviceMicros.get() / 1000.0;
    }

    /** A sequence held its slot this long (first token to last); refines the service time. */
    public void completed(long slotMillis) {
        long sample = Math.max(1, slotMillis) * 1000;
        serviceMicros.updateAndGet(old -> old + (sample - old) / 16);
    }

    public double serviceMillis() {
        return serviceMicros.get() / 1000.0;
    }
}
