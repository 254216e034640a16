package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The requests this instance serves whose reservation is recorded in Redis, from admission to
 * settlement. RateLimiter asks it what to add to the admit call, registers what was admitted, and
 * takes the entry back when it settles; the renewer walks it every tick.
 */
@Singleton
public class LiveReservations {

    private final Map<String, LiveReservation> live = new ConcurrentHashMap<>();
    private final ExpiryConfig config;
    private final RedisKeys keys;

    public LiveReservations(ExpiryConfig config, RedisStore store) {
        this.config = config;
        this.keys = store.keys();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The reaper's fields admit.lua writes into the request's reservation record (the same record
     * the compensating release reads; admit.lua adds its state and expiry on Redis's clock).
     */
    public List<String> recordFields(String member, List<Bucket> buckets, ReservationEstimate reservation) {
        return ReservationRecord.fields(member, buckets, reservation);
    }

    /** Admitted (and not answered from the cache): its record exists, renew it until it settles. */
    public void started(String member, String tenantId, List<Bucket> buckets, ReservationEstimate reservation) {
        live.put(member, new LiveReservation(keys, member, tenantId, buckets, reservation));
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
