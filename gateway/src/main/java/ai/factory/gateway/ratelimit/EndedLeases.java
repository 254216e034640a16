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
    /** Lease sets whose free slots are remembered at most (then forgotten: unknown means carry). */
    static final int MAX_TRACKED = 100_000;

    /** Per lease set (a concurrency bucket's Redis key), its ended members, oldest first. */
    private final ConcurrentHashMap<String, Set<String>> byLease = new ConcurrentHashMap<>();
    /**
     * Per lease set, the free slots its last admission here reported. Members are carried only
     * when the set was that close to full: a tenant far below its limit cannot be refused by its
     * own ended leases, and carrying 16 members on every admission of a busy tenant cost Redis
     * about 18 µs per request (overhead benchmark, 64 connections).
     */
    private final ConcurrentHashMap<String, Long> room = new ConcurrentHashMap<>();

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

    /** Notes each lease set's free slots from an admission's reply (refused or not). */
    void roomLeft(List<Bucket> buckets, ScriptReplies.Admit reply) {
        long[] remaining = reply.remaining();
        for (int i = 0; i < buckets.size() && i < remaining.length; i++) {
            Bucket bucket = buckets.get(i);
            if (bucket.kind() == BucketKind.CONCURRENCY) {
                // A refusal reports no counts: read it as full.
                long free = reply.admitted() ? remaining[i] : 0;
                Long before = room.put(bucket.redisKey(), free);
                if (before == null && room.size() > MAX_TRACKED) {
                    room.clear();
                }
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
            Long free = room.get(bucket.redisKey());
            if (free != null && free > MAX_CARRIED) {
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
