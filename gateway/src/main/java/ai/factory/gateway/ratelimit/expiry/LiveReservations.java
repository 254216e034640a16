package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.ratelimit.Check;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The requests this instance serves whose reservation is recorded in Redis, from admission to
 * settlement. Admission asks it what to add to the admit call, registers what was admitted, and
 * takes the entry back when it settles; the renewer walks it every tick.
 */
@Singleton
public class LiveReservations {

    private final Map<String, LiveReservation> live = new ConcurrentHashMap<>();
    private final ExpiryConfig config;

    public LiveReservations(ExpiryConfig config) {
        this.config = config;
    }

    public boolean enabled() {
        return config.isEnabled();
    }

    /** The keys admit.lua appends for the record: the record, then its index. */
    public List<String> admitKeys(String tenantId, String member) {
        return List.of(ReservationKeys.record(tenantId, member), ReservationKeys.index(tenantId));
    }

    /** The arguments admit.lua takes after the buckets: the lease ttl, then the record's fields. */
    public List<String> admitArgs(String member, List<Check> checks, Reservation reservation, long leaseMillis) {
        List<String> args = new java.util.ArrayList<>();
        args.add(Long.toString(leaseMillis));
        args.addAll(ReservationRecord.fields(member, checks, reservation));
        return args;
    }

    /** Admitted (and not answered from the cache): its record exists, renew it until it settles. */
    public void started(String member, String tenantId, List<Check> checks, Reservation reservation) {
        live.put(member, new LiveReservation(member, tenantId, checks, reservation));
    }

    /** The answer's token count as it grows, so that a reaper bills what was produced. */
    public void meter(String member, LongSupplier outputSoFar) {
        LiveReservation r = live.get(member);
        if (r != null) {
            r.meter(outputSoFar);
        }
    }

    /** Settling: the entry (its record to delete in the same script), or null when none was recorded. */
    public LiveReservation end(String member) {
        return live.remove(member);
    }

    Collection<LiveReservation> snapshot() {
        return List.copyOf(live.values());
    }

    public int size() {
        return live.size();
    }
}
