package ai.factory.gateway.ratelimit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Concurrency leases of requests that ended on this instance but whose settlement (the call that
 * removes the lease) Redis has not acknowledged yet. The settlement leaves just after the answer,
 * so a client's next request can reach Redis's admission before it and meet its own previous
 * lease. An admission therefore carries these members for the lease sets it checks (at most
 * {@link #MAX_CARRIED}) and admit.lua removes them before counting: the request has ended, ZREM is
 * idempotent, and the settlement's own ZREM then removes nothing. Tokens and budgets still settle
 * with the settlement, so nothing else changes early.
 *
 * <p>A member is listed from the moment its request ends until its settlement completes, whether
 * Redis acknowledged it or it failed (its event then goes to the spool): so the lists stay as
 * short as the settlements in flight.
 */
final class EndedLeases {

    /** Members one admission carries at most: bounds its argument and the script's work. */
    static final int MAX_CARRIED = 16;

    /** Per lease set (a concurrency bucket's Redis key), its ended members, oldest first. */
    private final ConcurrentHashMap<String, Set<String>> byLease = new ConcurrentHashMap<>();

    /** The request of {@code reservation} has ended: its leases may go with the next admission. */
    void ended(Reservation reservation) {
        if (!holdsLeases(reservation)) {
            return;
        }
        for (Bucket bucket : reservation.buckets()) {
            if (bucket.kind() == BucketKind.CONCURRENCY) {
                byLease.compute(bucket.redisKey(), (key, members) -> {
                    Set<String> set = members == null ? new LinkedHashSet<>() : members;
                    set.add(reservation.member());
                    return set;
                });
            }
        }
    }

    /** Unlists the reservation's member once {@code settlement} completes, however it completes. */
    <T> CompletableFuture<T> untilSettled(Reservation reservation, CompletableFuture<T> settlement) {
        if (!holdsLeases(reservation)) {
            return settlement;
        }
        return settlement.whenComplete((ok, error) -> settled(reservation));
    }

    private void settled(Reservation reservation) {
        for (Bucket bucket : reservation.buckets()) {
            if (bucket.kind() == BucketKind.CONCURRENCY) {
                byLease.computeIfPresent(bucket.redisKey(), (key, members) -> {
                    members.remove(reservation.member());
                    return members.isEmpty() ? null : members;
                });
            }
        }
    }

    /**
     * The ended members an admission into {@code buckets} carries: those of its lease sets, the
     * most recently ended first kept when there are more than {@link #MAX_CARRIED} (the oldest are
     * the likeliest to have been settled already).
     */
    List<String> carried(List<Bucket> buckets) {
        if (byLease.isEmpty()) {
            return List.of();
        }
        Set<String> out = null;
        for (Bucket bucket : buckets) {
            if (bucket.kind() != BucketKind.CONCURRENCY) {
                continue;
            }
            Set<String> found = out == null ? new LinkedHashSet<>() : out;
            byLease.computeIfPresent(bucket.redisKey(), (key, members) -> {
                int skip = members.size() - MAX_CARRIED;
                Iterator<String> it = members.iterator();
                for (int i = 0; it.hasNext(); i++) {
                    String member = it.next();
                    if (i >= skip && found.size() < MAX_CARRIED) {
                        found.add(member);
                    }
                }
                return members;
            });
            out = found;
        }
        return out == null || out.isEmpty() ? List.of() : new ArrayList<>(out);
    }

    /** A reservation that added leases in Redis: not one the local limiter made, nor a cache hit. */
    private static boolean holdsLeases(Reservation reservation) {
        return reservation != null && !reservation.local() && reservation.cached() == null;
    }
}
