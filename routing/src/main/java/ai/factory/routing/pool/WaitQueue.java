package ai.factory.routing.pool;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.balancing.BalanceHints;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Requests waiting for a slot in a saturated pool. Nobody blocks: a waiter is a future, completed
 * with an acquired endpoint when a slot frees ({@link #drain()}, called on every release), or
 * failed with NO_CAPACITY when the queue is full or its wait times out.
 *
 * <p>Order: higher priority (tenant tier) first; within a priority, tenants take turns (one
 * sub-queue per tenant, served round-robin), so one tenant's burst waits behind itself, not in
 * front of everyone else.
 */
final class WaitQueue {

    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routing-queue-timeouts");
        t.setDaemon(true);
        return t;
    });

    private final String pool;
    private final QueueSettings settings;
    /** Takes a slot for a waiter: its hints and the endpoints it must avoid. */
    private final BiFunction<BalanceHints, Collection<Endpoint>, Endpoint> acquire;
    /** Priority (highest first) → tenant (in turn order) → that tenant's waiters (oldest first). */
    private final TreeMap<Integer, LinkedHashMap<String, ArrayDeque<Waiter>>> levels = new TreeMap<>((a, b) -> b - a);
    private int size;

    private static final class Waiter {
        final CompletableFuture<Endpoint> slot = new CompletableFuture<>();
        final BalanceHints hints;
        final Collection<Endpoint> exclude;
        final String tenant;
        final int priority;
        ScheduledFuture<?> timeout;

        Waiter(BalanceHints hints, Collection<Endpoint> exclude, String tenant, int priority) {
            this.hints = hints;
            this.exclude = exclude;
            this.tenant = tenant == null ? "" : tenant;
            this.priority = priority;
        }
    }

    WaitQueue(String pool, QueueSettings settings, BiFunction<BalanceHints, Collection<Endpoint>, Endpoint> acquire) {
        this.pool = pool;
        this.settings = settings;
        this.acquire = acquire;
    }

    CompletableFuture<Endpoint> await(BalanceHints hints, Collection<Endpoint> exclude, String tenant, int priority) {
        Waiter waiter = new Waiter(hints, exclude, tenant, priority);
        synchronized (this) {
            if (size >= settings.capacity()) {
                return CompletableFuture.failedFuture(shed("its wait queue is full (" + size + " waiting)"));
            }
            levels.computeIfAbsent(waiter.priority, p -> new LinkedHashMap<>())
                    .computeIfAbsent(waiter.tenant, t -> new ArrayDeque<>()).addLast(waiter);
            size++;
        }
        waiter.timeout = TIMERS.schedule(() -> expire(waiter), settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        drain(); // a slot may have freed between the caller's failed acquire and the enqueue
        return waiter.slot;
    }

    /** Hands free slots to waiters in order until there are no waiters or no slots. */
    void drain() {
        while (true) {
            Waiter served = null;
            Endpoint endpoint = null;
            synchronized (this) {
                if (size == 0) {
                    return;
                }
                for (LinkedHashMap<String, ArrayDeque<Waiter>> tenants : levels.values()) {
                    Iterator<Map.Entry<String, ArrayDeque<Waiter>>> turn = tenants.entrySet().iterator();
                    while (turn.hasNext() && endpoint == null) {
                        Map.Entry<String, ArrayDeque<Waiter>> next = turn.next();
                        Waiter head = next.getValue().peekFirst();
                        endpoint = acquire.apply(head.hints, head.exclude);
                        if (endpoint != null) {
                            served = head;
                            next.getValue().pollFirst();
                            turn.remove();
                            if (!next.getValue().isEmpty()) {
                                tenants.put(next.getKey(), next.getValue()); // to the back of the turn order
                            }
                        }
                    }
                    if (endpoint != null) {
                        break;
                    }
                }
                if (endpoint == null) {
                    return;
                }
                size--;
                levels.values().removeIf(Map::isEmpty);
            }
            served.timeout.cancel(false);
            if (!served.slot.complete(endpoint)) {
                endpoint.guard().cancel(); // expired meanwhile: give the slot back
                endpoint.release();
            }
        }
    }

    private void expire(Waiter waiter) {
        synchronized (this) {
            LinkedHashMap<String, ArrayDeque<Waiter>> tenants = levels.get(waiter.priority);
            ArrayDeque<Waiter> queue = tenants == null ? null : tenants.get(waiter.tenant);
            if (queue == null || !queue.remove(waiter)) {
                return; // served just before the timer fired
            }
            size--;
            if (queue.isEmpty()) {
                tenants.remove(waiter.tenant);
            }
            levels.values().removeIf(Map::isEmpty);
        }
        waiter.slot.completeExceptionally(shed("no slot freed within " + settings.timeout().toMillis()
                + " ms in its wait queue"));
    }

    synchronized int size() {
        return size;
    }

    private BackendFailure shed(String why) {
        long seconds = Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
        return new BackendFailure(BackendFailure.Kind.NO_CAPACITY, "pool " + pool, 0, why, Long.toString(seconds), null);
    }
}
