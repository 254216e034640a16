package ai.factory.gateway.ratelimit;

import ai.factory.gateway.accounting.OpenRequests;
import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import ai.factory.gateway.accounting.spool.UsageSpool;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.ratelimit.expiry.LiveReservations;
import ai.factory.gateway.ratelimit.expiry.ReservationEstimate;
import ai.factory.gateway.redis.Deadlines;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserve, then settle. Before the backend call: one Redis round trip checks and reserves every
 * bucket of the request and looks up the cache. After it: one round trip settles the actual
 * usage, writes the cache and appends the usage event. When Redis is unreachable the deployment's
 * policy decides: fail-open (per-instance limits, events to the local spool) or fail-closed (503).
 * When Redis answers with an error (a script error, corrupt data) the request fails closed with a
 * 500: switching the limits off on a bug would be silent. When Redis does not answer in time the
 * script may still run, so a compensating release follows it (see settle.lua, mode release).
 */
@Singleton
public class RateLimiter implements OpenRequests {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
    // The metric keeps its name: dashboards and alerts read it (README, Redis failures).
    static final String FAILURES = "gateway.admission.redis.failures";

    private final LimiterScripts redis;
    private final SettleBatches settlements;
    private final ReserveBatches batches;
    private final PolicyCache policies;
    private final AdmissionConfig config;
    private final LocalLimiter local;
    private final UsageSpool spool;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final RedisKeys keys;
    private final LiveReservations reservations;
    private final EndedLeases ended = new EndedLeases();
    private final Counter scriptErrors;
    private final Counter settleErrors;
    private final Counter timeouts;
    private final Counter outages;

    /** Members admitted (or settling) here and not yet settled: what a shutdown waits for. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    public RateLimiter(RedisStore store, PolicyCache policies, AdmissionConfig config, UsageSpool spool,
            MeterRegistry registry, LiveReservations reservations) {
        this.redis = new LimiterScripts(store);
        this.settlements = new SettleBatches(store, config.batchRedisCalls() ? SettleBatches.MAX_BATCH : 0,
                config.redisTimeout().multipliedBy(4));
        this.batches = config.batchRedisCalls()
                ? new ReserveBatches(store, SettleBatches.MAX_BATCH, config.redisTimeout()) : null;
        this.keys = store.keys();
        this.reservations = reservations;
        this.scriptErrors = failures(registry, "admit", "error");
        this.settleErrors = failures(registry, "settle", "error");
        this.timeouts = failures(registry, "admit", "timeout");
        this.outages = failures(registry, "admit", "unavailable");
        this.policies = policies;
        this.config = config;
        this.local = new LocalLimiter(config.expectedInstances());
        this.spool = spool;
    }

    private static Counter failures(MeterRegistry registry, String call, String kind) {
        return Counter.builder(FAILURES).tag("call", call).tag("kind", kind)
                .description("Rate-limit reservation and settlement calls that Redis failed: error (fails closed), timeout, unavailable")
                .register(registry);
    }

    /** Key names of every tenant's buckets, cache entries and usage stream. */
    public RedisKeys keys() {
        return keys;
    }

    /** True while Redis is unreachable and the local limiter stands in (for metrics and health). */
    public boolean degraded() {
        return degraded.get();
    }

    /**
     * @param tokens estimated prompt tokens plus the answer's maximum
     * @param cacheKey the response-cache key to look up in the same round trip, or null
     */
    public CompletableFuture<Reservation> reserve(Caller caller, @Nullable String product, long tokens, long costNanos,
            @Nullable String cacheKey, String member) {
        return reserve(caller, product, tokens, costNanos, cacheKey, member, null);
    }

    /**
     * As above, also tracking the reservation for a reaper (same script call, same reservation
     * record as the compensating release) so that it is billed, estimated, if this instance dies
     * before settling: see the {@code expiry} package.
     */
    public CompletableFuture<Reservation> reserve(Caller caller, @Nullable String product, long tokens, long costNanos,
            @Nullable String cacheKey, String member,
            @Nullable ReservationEstimate estimate) {
        boolean record = estimate != null && reservations.enabled();
        return reserveBuckets(caller, product, tokens, costNanos, cacheKey, member, estimate, record)
                .whenComplete((reservation, error) -> {
                    if (reservation != null) {
                        open.add(member);
                    }
                });
    }

    private CompletableFuture<Reservation> reserveBuckets(Caller caller, @Nullable String product, long tokens, long costNanos,
            @Nullable String cacheKey, String member, @Nullable ReservationEstimate estimate, boolean record) {
        return policies.policy(caller.tenantId()).thenCompose(policy -> {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            List<Bucket> buckets = BucketPlan.buckets(keys, policy, caller.keyId(), product, tokens, costNanos,
                    config.leaseTtl().toMillis(), now);
            int priority = policies.priorityOf(policy.tier());
            if (buckets.isEmpty() && cacheKey == null && !record) {
                return CompletableFuture.completedFuture(Reservation.unlimited(member, priority, policy.tier()));
            }
            String tenant = caller.tenantId();
            List<String> recordFields = record ? reservations.recordFields(member, buckets, estimate) : List.of();
            LimiterScripts.ScriptCall call = redis.admitCall(tenant, buckets, member, cacheKey, recordMillis(), recordFields,
                    ended.carried(buckets));
            CompletableFuture<ScriptReplies.Admit> admitted =
                    (batches != null ? batches.admit(call) : redis.admit(call).thenApply(reply -> (Object) reply))
                            .thenApply(reply -> ScriptReplies.admit(reply, buckets.size()));
            return Deadlines.SHARED.within(admitted, config.redisTimeout().toMillis())
                    .handle((reply, error) -> {
                        if (error == null) {
                            recovered();
                            ended.roomLeft(buckets, reply);
                            Reservation reservation = decide(buckets, reply, member, now, priority, policy.tier());
                            if (record && reservation.cached() == null) {
                                reservations.started(member, caller.tenantId(), buckets, estimate);
                            }
                            return reservation;
                        }
                        Throwable cause = RedisFailures.unwrap(error);
                        RedisFailures kind = RedisFailures.of(cause);
                        if (kind == RedisFailures.ERROR) {
                            scriptErrors.increment();
                            LOG.error("the reservation script failed for request {}; refusing it", member, cause);
                            throw scriptFailure();
                        }
                        // No answer, or the connection went away after sending: the script may have
                        // run (or still run), so take back whatever it reserved.
                        (kind == RedisFailures.TIMEOUT ? timeouts : outages).increment();
                        compensate(tenant, buckets, member);
                        return whenRedisFails(buckets, member, cause, priority, policy.tier());
                    });
        });
    }

    private void compensate(String tenant, List<Bucket> buckets, String member) {
        redis.release(tenant, buckets, member, recordMillis()).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.warn("could not release the reservation of timed-out request {} ({}); it expires with its lease",
                        member, RedisFailures.unwrap(error).toString());
            }
        });
    }

    private long recordMillis() {
        return config.leaseTtl().toMillis();
    }

    private static GatewayError scriptFailure() {
        return new GatewayError(500, "server_error", "rate_limiter_error", null,
                "the rate limiter could not decide on this request; it was not admitted", null);
    }

    private Reservation decide(List<Bucket> buckets, ScriptReplies.Admit reply, String member, ZonedDateTime now,
            int priority, String tier) {
        RateHeaders headers = RateHeaders.of(buckets, reply.remaining(), reply.resetMillis());
        if (reply.released()) {
            // Nothing failed yet nothing was admitted: this member was released already (reused id).
            scriptErrors.increment();
            throw scriptFailure();
        }
        if (reply.admitted()) {
            return new Reservation(member, buckets, headers, reply.cached(), false, priority, tier);
        }
        Bucket failed = buckets.get(reply.failedBucket() - 1);
        throw Rejection.of(failed, reply.retryMillis(), budgetReset(failed, now)).withHeaders(headers.values());
    }

    private Reservation whenRedisFails(List<Bucket> buckets, String member, Throwable error, int priority, String tier) {
        if (degraded.compareAndSet(false, true)) {
            LOG.error("Redis unreachable for rate limiting ({}); policy {}", error.toString(),
                    config.failOpen() ? "fail-open: per-instance limits" : "fail-closed: refusing requests");
        }
        if (!config.failOpen()) {
            throw new GatewayError(503, "server_error", "rate_limiter_unavailable", null,
                    "the rate limiter's store is unreachable and this gateway is configured to fail closed", "1");
        }
        int refused = local.admit(buckets, System.currentTimeMillis());
        if (refused >= 0) {
            Bucket failed = buckets.get(refused);
            throw Rejection.of(failed, 1000, budgetReset(failed, ZonedDateTime.now(ZoneOffset.UTC)));
        }
        return new Reservation(member, buckets, RateHeaders.NONE, null, true, priority, tier);
    }

    /**
     * The request of {@code reservation} has ended (its answer is written or being written): from now
     * on the tenant's next admissions here drop its concurrency leases, even before its settlement
     * reaches Redis (see EndedLeases). Called before the settlement when that follows the answer.
     */
    public void ended(@Nullable Reservation reservation) {
        ended.ended(reservation);
    }

    /**
     * Settles a request: actual usage against its reservation, an optional cache write, and its
     * usage event. Never fails the caller: when Redis cannot take the event it goes to the spool.
     */
    public CompletableFuture<Void> settle(Reservation reservation, long usedTokens, long usedCostNanos, @Nullable String cacheKey,
            @Nullable String cacheValue, long cacheTtlMillis, UsageEvent event) {
        open.add(reservation.member());
        ended.ended(reservation);
        List<Bucket> buckets = reservation.buckets();
        long[] deltas = SettleDeltas.of(buckets, reservation.cached() != null, usedTokens, usedCostNanos);
        if (reservation.local()) {
            local.settle(buckets, deltas, System.currentTimeMillis());
        }
        // Tracked: the reservation wrote the reaper's fields into the record, so a missing record means a
        // reaper billed this request already (then this settle changes nothing).
        boolean tracked = reservations.end(reservation.member()) != null;
        SettleBatches.Item item = new SettleBatches.Item(event.tenantId(), reservation.local() ? List.of() : buckets, deltas,
                reservation.member(), cacheKey, cacheValue, cacheTtlMillis, UsageEventCodec.encode(event), tracked);
        return ended.untilSettled(reservation,
                        Deadlines.SHARED.within(settlements.settle(item), config.redisTimeout().toMillis() * 4))
                .handle((ok, error) -> {
                    if (error == null && ok == ScriptReplies.Settled.GONE) {
                        LOG.warn("request {} settled after its reservation expired: a reaper already billed it, estimated",
                                reservation.member());
                    }
                    if (error != null) {
                        if (RedisFailures.of(error) == RedisFailures.ERROR) {
                            settleErrors.increment();
                        }
                        LOG.warn("could not settle request {} in Redis ({}); its usage event goes to the spool",
                                reservation.member(), RedisFailures.unwrap(error).toString());
                        spool.append(event);
                    } else {
                        recovered();
                    }
                    open.remove(reservation.member());
                    return null;
                });
    }

    @Override
    public boolean awaitSettled(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return open.isEmpty();
    }

    /**
     * Settles a reservation whose owner stopped renewing it (see the {@code expiry} package), with
     * the same bounded arithmetic as {@link #settle}, in the tenant's slot: its usage event goes to
     * the tenant's shard of the usage stream. Completes with {@code SETTLED}, or {@code LIVE} /
     * {@code GONE} when its owner renewed or settled it meanwhile (then nothing was changed).
     */
    public CompletableFuture<ScriptReplies.Reaped> settleExpired(String member, List<Bucket> buckets, long usedTokens, long usedCostNanos,
            UsageEvent event) {
        long[] deltas = SettleDeltas.of(buckets, false, usedTokens, usedCostNanos);
        return redis.reap(event.tenantId(), buckets, deltas, member, Map.of(UsageEventCodec.FIELD, UsageEventCodec.encode(event)),
                        recordMillis())
                .thenApply(ScriptReplies::reaped);
    }

    private void recovered() {
        if (degraded.compareAndSet(true, false)) {
            LOG.info("Redis reachable again: shared limits are back in force");
        }
    }

    private static long budgetReset(Bucket bucket, ZonedDateTime now) {
        return bucket.kind().budget() ? bucket.kind().period().millisLeft(now) : -1;
    }

}
