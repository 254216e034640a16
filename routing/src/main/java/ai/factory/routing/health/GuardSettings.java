package ai.factory.routing.health;

import java.time.Clock;
import java.time.Duration;

/**
 * How an endpoint's guard judges it. Defaults are deliberately slow to trip: a GPU server that
 * fails a few requests is usually busy, not broken, and taking it out moves its load onto the
 * others.
 *
 * @param breakerFailureRate percent of failed calls (in the window) that opens the circuit
 * @param breakerWindow calls the failure rate is measured over
 * @param breakerMinimumCalls calls needed before the rate means anything
 * @param breakerOpenFor how long an open circuit refuses calls before letting probes through
 * @param breakerHalfOpenCalls probe calls in half-open; all must succeed to close again
 * @param ejectAfterFailures consecutive failures that eject the endpoint (passive outlier detection)
 * @param ejectFor base ejection time; doubled for each ejection in a row, up to 8×
 * @param maxCoolDown longest a backend 429's {@code retry-after} keeps the endpoint out
 * @param unhealthyAfter consecutive failed {@code /health} checks that take the endpoint out
 * @param clock time source, replaceable in tests
 */
public record GuardSettings(
        float breakerFailureRate,
        int breakerWindow,
        int breakerMinimumCalls,
        Duration breakerOpenFor,
        int breakerHalfOpenCalls,
        int ejectAfterFailures,
        Duration ejectFor,
        Duration maxCoolDown,
        int unhealthyAfter,
        Clock clock) {

    public static GuardSettings defaults() {
        return new GuardSettings(50f, 20, 10, Duration.ofSeconds(10), 2, 5, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 2, Clock.systemUTC());
    }

    public GuardSettings withClock(Clock newClock) {
        return new GuardSettings(breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenFor,
                breakerHalfOpenCalls, ejectAfterFailures, ejectFor, maxCoolDown, unhealthyAfter, newClock);
    }

    public GuardSettings withBreaker(float failureRate, int window, int minimumCalls, Duration openFor, int halfOpenCalls) {
        return new GuardSettings(failureRate, window, minimumCalls, openFor, halfOpenCalls, ejectAfterFailures,
                ejectFor, maxCoolDown, unhealthyAfter, clock);
    }

    public GuardSettings withEjection(int afterFailures, Duration duration) {
        return new GuardSettings(breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenFor,
                breakerHalfOpenCalls, afterFailures, duration, maxCoolDown, unhealthyAfter, clock);
    }
}
