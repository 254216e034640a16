package ai.factory.gateway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way the integration tests wait for something that happens later (a ledger row, a
 * delivery, a breaker closing): poll until a deadline, then fail saying what never happened.
 * A condition that throws is asked again (PostgreSQL or Redis may be restarting); if the deadline
 * passes, the last exception is the failure's cause.
 */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Polls until the condition holds; fails with {@code what} after the timeout. */
    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        until(timeout, condition::getAsBoolean, Boolean::booleanValue, what);
    }

    /**
     * Polls {@code value} until {@code done} accepts it and returns that value; fails after the
     * timeout with {@code what} and the last value seen.
     */
    public static <T> T until(Duration timeout, Supplier<T> value, Predicate<? super T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = value.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what
                        + (lastError == null ? "; last seen: " + last : ""), lastError);
            }
            sleep();
        }
    }

    /** Polls until the condition holds; false after the timeout, for checks that collect findings. */
    public static boolean holds(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a server may be restarting: ask again
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep();
        }
    }

    /**
     * Lets in-flight work go on for {@code period} before a test checks that something did NOT
     * happen (a row landing twice): absence has no condition to poll for.
     */
    public static void quiet(Duration period) {
        try {
            Thread.sleep(period.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
