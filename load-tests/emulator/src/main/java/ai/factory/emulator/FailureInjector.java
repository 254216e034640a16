package ai.factory.emulator;

import java.util.Random;

/**
 * Decides, per request, which failures the emulator plays: an error status instead of an
 * answer, a latency spike before the first token, or a connection dropped mid-generation.
 * Draws come from one seeded {@link Random} (thread-safe), so a single-client run with a given
 * seed fails the same requests every time.
 */
final class FailureInjector {

    /** What happens to one request. {@code dropAfterTokens < 0} means no drop. */
    record Fault(boolean error, long spikeMillis, int dropAfterTokens) {
        static final Fault NONE = new Fault(false, 0, -1);

        boolean drops() {
            return dropAfterTokens >= 0;
        }
    }

    private final Random random;

    FailureInjector(long seed) {
        this.random = new Random(seed);
    }

    Fault decide(EmulatorConfig config) {
        boolean error = happens(config.errorRate());
        if (error) {
            return new Fault(true, 0, -1);
        }
        long spike = happens(config.spikeRate()) ? config.spikeMillis() : 0;
        int drop = happens(config.dropRate()) ? config.dropAfterTokens() : -1;
        return spike == 0 && drop < 0 ? Fault.NONE : new Fault(false, spike, drop);
    }

    /** Rates of 0 and 1 draw nothing, so they never shift the sequence of the other draws. */
    private boolean happens(double rate) {
        if (rate <= 0) {
            return false;
        }
        return rate >= 1 || random.nextDouble() < rate;
    }
}
