package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.BucketKind;
import ai.factory.gateway.redis.RedisKeys;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A request this instance is still serving whose reservation is recorded in Redis: what the
 * renewer extends each tick, and what its owner's settle deletes.
 */
public final class LiveReservation {

    private final String member;
    private final int shard;
    private final String record;
    private final String index;
    private final List<String> leaseKeys;
    private final ReservationEstimate reservation;
    /** The answer's tokens counted so far; read by the renewer's thread, so a slightly old value is fine. */
    private volatile LongSupplier output = () -> 0;

    LiveReservation(RedisKeys keys, String member, String tenantId, List<Bucket> buckets, ReservationEstimate reservation) {
        this.member = member;
        this.shard = keys.shardOf(tenantId);
        this.record = keys.reservation(tenantId, member);
        this.index = keys.reservationIndex(tenantId);
        this.leaseKeys = buckets.stream().filter(c -> c.kind() == BucketKind.CONCURRENCY).map(Bucket::redisKey).toList();
        this.reservation = reservation;
    }

    void meter(LongSupplier outputSoFar) {
        this.output = outputSoFar;
    }

    String member() {
        return member;
    }

    /** The tenant's shard: all of this reservation's keys are in its slot. */
    int shard() {
        return shard;
    }

    public String record() {
        return record;
    }

    public String index() {
        return index;
    }

    List<String> leaseKeys() {
        return leaseKeys;
    }

    long usedTokens() {
        return reservation.promptTokens() + Math.max(0, output.getAsLong());
    }

    long usedCost() {
        return reservation.rate().cost(reservation.promptTokens(), Math.max(0, output.getAsLong()), 0);
    }
}
