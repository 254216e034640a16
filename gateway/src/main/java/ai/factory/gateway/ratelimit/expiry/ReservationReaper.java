package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.ratelimit.AdmissionConfig;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.ratelimit.ScriptReplies;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles the reservations whose instance died. Every instance sweeps every third of the lease
 * ttl: reap.lua hands each expired record to one sweeper only (an atomic claim), which reads it
 * and settles it through settle.lua in {@code reap} mode: refunds and charges against the
 * reserved buckets, the concurrency leases released, and the estimated usage event appended,
 * in one script that also deletes the record, so a request is billed exactly once even when its
 * owner comes back and settles at the same moment. There is one expiry index per shard of the
 * usage stream, in that shard's slot: each claim and each settle touches one slot only, so the
 * sweep works the same on one Redis and on a cluster.
 */
@Context
@Requires(property = "gateway.ratelimit.expiry.enabled", notEquals = "false")
public class ReservationReaper {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationReaper.class);

    private final RateLimiter limiter;
    private final ExpiryScripts scripts;
    private final ExpiryConfig config;
    private final long ttlMillis;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reservation-reaper");
        t.setDaemon(true);
        return t;
    });

    private final RedisKeys keys;

    public ReservationReaper(RateLimiter limiter, RedisStore redis, ExpiryConfig config,
            AdmissionConfig admissionConfig) {
        this.limiter = limiter;
        this.keys = redis.keys();
        this.scripts = new ExpiryScripts(redis);
        this.config = config;
        this.ttlMillis = admissionConfig.leaseTtl().toMillis();
        long period = Math.max(1, ttlMillis / 3);
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        sweep().orTimeout(ttlMillis, TimeUnit.MILLISECONDS).whenComplete((settled, error) -> {
            busy.set(false);
            if (error != null) {
                LOG.warn("reservation sweep failed ({}); the next one retries", error.toString());
            } else if (settled > 0) {
                LOG.info("settled {} reservations whose instance stopped renewing them, as estimated usage", settled);
            }
        });
    }

    /** One sweep of every index; completes with how many reservations this instance settled. */
    public CompletableFuture<Integer> sweep() {
        AtomicInteger settled = new AtomicInteger();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (int shard = 0; shard < keys.shards(); shard++) {
            String index = keys.reservationIndex(shard);
            all = all.thenCompose(v -> scripts.claim(index, config.batch(), ttlMillis))
                    .thenCompose(records -> settleEach(index, records, settled));
        }
        return all.thenApply(v -> settled.get());
    }

    private CompletableFuture<Void> settleEach(String index, List<String> records, AtomicInteger settled) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (String record : records) {
            chain = chain.thenCompose(v -> settleOne(index, record)).thenAccept(done -> {
                if (done) {
                    settled.incrementAndGet();
                }
            });
        }
        return chain;
    }

    private CompletableFuture<Boolean> settleOne(String index, String record) {
        return scripts.read(record).thenCompose(fields -> {
            if (fields.isEmpty()) {
                // Settled between the claim and the read, or gone past its day of grace: nothing to bill here.
                return scripts.unlist(index, record).thenApply(n -> false);
            }
            ReservationRecord.Expired expired;
            try {
                expired = ReservationRecord.read(fields, System.currentTimeMillis());
            } catch (RuntimeException e) {
                LOG.error("reservation record {} cannot be read ({}); left in place for an operator", record, e.toString());
                return CompletableFuture.completedFuture(false);
            }
            if (!record.equals(keys.reservation(expired.event().tenantId(), expired.member()))
                    || !index.equals(keys.reservationIndex(expired.event().tenantId()))) {
                // Not where admission would have put this tenant's record (the shard count changed?).
                LOG.error("reservation record {} does not belong in {}; left in place for an operator", record, index);
                return CompletableFuture.completedFuture(false);
            }
            return limiter.settleExpired(expired.member(), expired.buckets(), expired.usedTokens(), expired.usedCost(),
                    expired.event()).thenApply(outcome -> outcome == ScriptReplies.Reaped.SETTLED);
        });
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
