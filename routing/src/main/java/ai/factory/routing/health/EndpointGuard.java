package ai.factory.routing.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether one endpoint may be sent a request now, and what its outcomes say about it. Four
 * independent reasons keep an endpoint out:
 * <ul>
 *   <li>its circuit breaker is open (Resilience4j: failure rate over a sliding window); after
 *       {@code breakerOpenFor} a few probe calls decide between closing and opening again;</li>
 *   <li>passive outlier ejection: {@code ejectAfterFailures} failures in a row, however few
 *       calls, take it out for a while (a dead server fails fast, long before a rate means much);</li>
 *   <li>a backend 429 cools it down for its {@code retry-after};</li>
 *   <li>active health checks ({@link HealthChecker}) found it down.</li>
 * </ul>
 * Thread-safe; every method is cheap and never blocks.
 */
public final class EndpointGuard {

    private final GuardSettings settings;
    private final CircuitBreaker breaker;
    private final Object lock = new Object();
    private int consecutiveFailures;
    private int ejectionsInARow;
    private volatile long ejectedUntilMillis;
    private volatile long coolingUntilMillis;
    private volatile boolean healthy = true;
    private int failedChecks;

    public EndpointGuard(String name, GuardSettings settings) {
        this.settings = settings;
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.breakerFailureRate())
                .slidingWindow(settings.breakerWindow(), settings.breakerMinimumCalls(),
                        CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(settings.breakerHalfOpenCalls())
                .clock(settings.clock())
                .build());
    }

    /**
     * May a request be routed here now? An open circuit whose wait is over moves to half-open
     * here (Resilience4j moves only when asked), and the probe permit taken to find that out is
     * given back: the real call takes its own in {@link #tryEnter()}.
     */
    public boolean routable() {
        long now = settings.clock().millis();
        if (!healthy || now < ejectedUntilMillis || now < coolingUntilMillis) {
            return false;
        }
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.OPEN) {
            if (!breaker.tryAcquirePermission()) {
                return false;
            }
            breaker.releasePermission();
        }
        return true;
    }

    /** Takes the breaker's permission for one call; false when half-open probes are all taken. */
    public boolean tryEnter() {
        return breaker.tryAcquirePermission();
    }

    /** The call is not going to happen after all (the slot was lost); gives the permission back. */
    public void cancel() {
        breaker.releasePermission();
    }

    /** The endpoint answered (2xx, or a 4xx that is the client's fault). */
    public void onSuccess(long nanos) {
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        synchronized (lock) {
            consecutiveFailures = 0;
            ejectionsInARow = 0;
        }
    }

    /** The endpoint failed: connect error, reset, timeout or 5xx. */
    public void onFailure(long nanos, Throwable why) {
        breaker.onError(nanos, TimeUnit.NANOSECONDS, why);
        synchronized (lock) {
            if (++consecutiveFailures >= settings.ejectAfterFailures()) {
                consecutiveFailures = 0;
                long factor = 1L << Math.min(3, ejectionsInARow++);
                ejectedUntilMillis = settings.clock().millis() + settings.ejectFor().toMillis() * factor;
            }
        }
    }

    /**
     * The endpoint answered 429: it is full, not broken. Not a breaker failure; it stays out for
     * its {@code retry-after} (capped), or one second when it gave none.
     */
    public void onOverloaded(Duration retryAfter) {
        breaker.releasePermission();
        Duration wait = retryAfter == null ? Duration.ofSeconds(1)
                : retryAfter.compareTo(settings.maxCoolDown()) > 0 ? settings.maxCoolDown() : retryAfter;
        coolingUntilMillis = Math.max(coolingUntilMillis, settings.clock().millis() + wait.toMillis());
    }

    /** One active health check's result; {@code unhealthyAfter} failures in a row take it out, one success brings it back. */
    public void onHealthCheck(boolean ok) {
        synchronized (lock) {
            if (ok) {
                failedChecks = 0;
                healthy = true;
            } else if (++failedChecks >= settings.unhealthyAfter()) {
                healthy = false;
            }
        }
    }

    public CircuitBreaker.State circuitState() {
        return breaker.getState();
    }

    /** Why the endpoint is out, for the error that names every attempt; "available" when it is not. */
    public String describe() {
        long now = settings.clock().millis();
        if (!healthy) {
            return "failing its health checks";
        }
        if (now < ejectedUntilMillis) {
            return "ejected after repeated failures";
        }
        if (now < coolingUntilMillis) {
            return "cooling down after a 429";
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            return "circuit open";
        }
        if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
            return "circuit half-open, probes in flight";
        }
        return "available";
    }
}
