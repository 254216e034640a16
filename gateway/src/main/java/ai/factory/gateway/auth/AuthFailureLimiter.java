package ai.factory.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Counts failed authentications per client address in fixed windows; past the limit the address
 * is refused until its window ends. Memory is bounded: at most {@code maxAddresses} windows,
 * the least recently used dropped first (an attacker rotating addresses can only push out its
 * own entries and those of idle addresses). Plain Java, no framework.
 */
public final class AuthFailureLimiter {

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Cache<String, Window> windows;

    /** @param limit failures allowed per address and window; 0 or less disables the limit */
    public AuthFailureLimiter(int limit, Duration window, int maxAddresses, LongSupplier nanoTime) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfterAccess(windowNanos, TimeUnit.NANOSECONDS)
                .ticker(nanoTime::getAsLong)
                // Evict on the calling thread: under a flood of addresses the bound must hold at once,
                // not when a busy common pool gets round to it (the work is a few map operations).
                .executor(Runnable::run)
                .build();
    }

    /** @return how long the address must wait, or null when it may try */
    public Duration blockedFor(String address) {
        if (limit <= 0) {
            return null;
        }
        Window window = windows.getIfPresent(address);
        if (window == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        synchronized (window) {
            long left = window.start + windowNanos - now;
            if (left <= 0 || window.failures < limit) {
                return null;
            }
            return Duration.ofNanos(left);
        }
    }

    public void recordFailure(String address) {
        if (limit <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        Window window = windows.get(address, a -> new Window(now));
        synchronized (window) {
            if (now - window.start >= windowNanos) {
                window.start = now;
                window.failures = 0;
            }
            window.failures++;
        }
    }

    private static final class Window {
        long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }
}
