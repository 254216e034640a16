package ai.factory.routing.slo;

import java.util.concurrent.atomic.LongAdder;

/**
 * Goodput: requests served within their tier's TTFT objective. Counted per tier so a dashboard can
 * divide by time (a rate) and by all requests of the tier (the share kept within promise).
 */
public final class Goodput {

    private final LongAdder withinObjective = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /** A request got its first token after {@code ttftMillis}. */
    public void served(TierObjective objective, double ttftMillis) {
        (ttftMillis <= objective.ttft().toMillis() ? withinObjective : late).increment();
    }

    public void refused() {
        refused.increment();
    }

    public long withinObjective() {
        return withinObjective.sum();
    }

    public long late() {
        return late.sum();
    }

    public long refusedCount() {
        return refused.sum();
    }
}
