package ai.factory.gateway.ratelimit;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.spool.UsageSpool;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.gateway.ratelimit.expiry.LiveReservation;
import ai.factory.gateway.ratelimit.expiry.LiveReservations;
import ai.factory.gateway.ratelimit.expiry.Reservation;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reserve, then settle. Before the backend call: one Redis round trip checks and reserves every
 * bucket of the request and looks up the cache. After it: one round trip settles the actual
 * usage, writes the cache and appends the usage event. When Redis is unreachable the deployment's
 * policy decides: fail-open (per-instance limits, events to the local spool) or fail-closed (503).
 */
@Singleton
public class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final RedisAdmission redis;
    private final PolicyCache policies;
    private final AdmissionConfig config;
    private final LocalLimiter local;
    private final UsageSpool spool;
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final LiveReservations reservations;

    public Admission(StatefulRedisConnection<String, String> connection, PolicyCache policies, AdmissionConfig config,
            UsageSpool spool, LiveReservations reservations) {
        this.reservations = reservations;
        this.redis = new RedisAdmission(connection);
        this.policies = policies;
        this.config = config;
        this.local = new LocalLimiter(config.getExpectedInstances());
        this.spool = spool;
    }

    /** True while Redis is unreachable and the local limiter stands in (for metrics and health). */
    public boolean degraded() {
        return degraded.get();
    }

    /**
     * @param tokens estimated prompt tokens plus the answer's maximum
     * @param cacheKey the response-cache key to look up in the same round trip, or null
     */
    public CompletableFuture<Ticket> admit(Caller caller, @Nullable String product, long tokens, long costNanos,
            @Nullable String cacheKey, String member) {
        return admit(caller, product, tokens, costNanos, cacheKey, member, null);
    }

    /**
     * As above, also recording the reservation in Redis (same script call) so that a reaper can
     * bill it if this instance dies before settling: see the {@code expiry} package.
     */
    public CompletableFuture<Ticket> admit(Caller caller, @Nullable String product, long tokens, long costNanos,
            @Nullable String cacheKey, String member, @Nullable Reservation reservation) {
        boolean record = reservation != null && reservations.enabled();
        return policies.policy(caller.tenantId()).thenCompose(policy -> {
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            List<Check> checks = AdmissionPlan.checks(policy, caller.keyId(), product, tokens, costNanos,
                    config.getLeaseTtl().toMillis(), now);
            int priority = Ticket.priorityOf(policy.tier());
            if (checks.isEmpty() && cacheKey == null && !record) {
                return CompletableFuture.completedFuture(Ticket.unlimited(member, priority));
            }
            return redis.admit(checks, member, cacheKey,
                            record ? reservations.admitKeys(caller.tenantId(), member) : List.of(),
                            record ? reservations.admitArgs(member, checks, reservation, config.getLeaseTtl().toMillis())
                                    : List.of())
                    .orTimeout(config.getRedisTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((reply, error) -> {
                        if (error == null) {
                            recovered();
                            Ticket ticket = decide(checks, reply, member, now, priority);
                            if (record && ticket.cached() == null) {
                                reservations.started(member, caller.tenantId(), checks, reservation);
                            }
                            return ticket;
                        }
                        return whenRedisFails(checks, member, unwrap(error), priority);
                    });
        });
    }

    private Ticket decide(List<Check> checks, List<Object> reply, String member, ZonedDateTime now, int priority) {
        long[] remaining = new long[checks.size()];
        long[] reset = new long[checks.size()];
        for (int i = 0; i < checks.size(); i++) {
            remaining[i] = number(reply.get(4 + 2 * i));
            reset[i] = number(reply.get(5 + 2 * i));
        }
        RateHeaders headers = RateHeaders.of(checks, remaining, reset);
        if (number(reply.get(0)) == 1) {
            Object cached = reply.get(3);
            return new Ticket(member, checks, headers, cached instanceof String s ? s : null, false, priority);
        }
        Check failed = checks.get((int) number(reply.get(1)) - 1);
        throw Rejection.of(failed, number(reply.get(2)), budgetReset(failed, now)).withHeaders(headers.values());
    }

    private Ticket whenRedisFails(List<Check> checks, String member, Throwable error, int priority) {
        if (degraded.compareAndSet(false, true)) {
            LOG.error("Redis unreachable for admission ({}); policy {}", error.toString(),
                    config.failOpen() ? "fail-open: per-instance limits" : "fail-closed: refusing requests");
        }
        if (!config.failOpen()) {
            throw new GatewayError(503, "server_error", "rate_limiter_unavailable", null,
                    "the rate limiter's store is unreachable and this gateway is configured to fail closed", "1");
        }
        int refused = local.admit(checks, System.currentTimeMillis());
        if (refused >= 0) {
            Check failed = checks.get(refused);
            throw Rejection.of(failed, 1000, budgetReset(failed, ZonedDateTime.now(ZoneOffset.UTC)));
        }
        return new Ticket(member, checks, RateHeaders.NONE, null, true, priority);
    }

    /**
     * Settles a request: actual usage against its reservation, an optional cache write, and its
     * usage event. Never fails the caller: when Redis cannot take the event it goes to the spool.
     */
    public CompletableFuture<Void> settle(Ticket ticket, long usedTokens, long usedCostNanos, @Nullable String cacheKey,
            @Nullable String cacheValue, long cacheTtlMillis, UsageEvent event) {
        List<Check> checks = ticket.checks();
        long[] deltas = deltas(ticket, usedTokens, usedCostNanos);
        if (ticket.local()) {
            local.settle(checks, deltas, System.currentTimeMillis());
        }
        LiveReservation recorded = reservations.end(ticket.member());
        return redis.settle(ticket.local() ? List.of() : checks, deltas, ticket.member(), cacheKey, cacheValue,
                        cacheTtlMillis, UsageEvent.STREAM, event.toFields(),
                        recorded == null ? null : recorded.record(), recorded == null ? null : recorded.index(), "owner")
                .orTimeout(config.getRedisTimeout().toMillis() * 4, TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error == null && ok != null && ok.contains("gone")) {
                        LOG.warn("request {} settled after its reservation expired: a reaper already billed it, estimated",
                                ticket.member());
                    }
                    if (error != null) {
                        LOG.warn("could not settle request {} in Redis ({}); its usage event goes to the spool",
                                ticket.member(), unwrap(error).toString());
                        spool.append(event);
                    } else {
                        recovered();
                    }
                    return null;
                });
    }

    /**
     * Settles a reservation whose owner stopped renewing it (see the {@code expiry} package), with
     * the same arithmetic as {@link #settle}. Completes with {@code settled}, or {@code live} /
     * {@code gone} when its owner renewed or settled it meanwhile (then nothing was changed).
     */
    public CompletableFuture<String> settleExpired(String member, List<Check> checks, long usedTokens, long usedCostNanos,
            String stream, UsageEvent event, String record, String index) {
        Ticket ticket = new Ticket(member, checks, RateHeaders.NONE, null, false, 0);
        return redis.settle(checks, deltas(ticket, usedTokens, usedCostNanos), member, null, null, 0, stream,
                        event.toFields(), record, index, "reap")
                .thenApply(reply -> reply != null && reply.contains("live") ? "live"
                        : reply != null && reply.contains("gone") ? "gone" : "settled");
    }

    /** Per check: tokens/cost to give back (tok) or to add (budget); nothing for a cache hit. */
    private static long[] deltas(Ticket ticket, long usedTokens, long usedCostNanos) {
        List<Check> checks = ticket.checks();
        long[] deltas = new long[checks.size()];
        if (ticket.cached() != null) {
            return deltas;
        }
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            long used = c.isCost() ? usedCostNanos : usedTokens;
            if (Check.TOK.equals(c.kind())) {
                deltas[i] = c.cost() - used;
            } else if (Check.BUDGET.equals(c.kind())) {
                deltas[i] = used - c.cost();
            }
        }
        return deltas;
    }

    private void recovered() {
        if (degraded.compareAndSet(true, false)) {
            LOG.info("Redis reachable again: shared limits are back in force");
        }
    }

    private static long budgetReset(Check check, ZonedDateTime now) {
        ZonedDateTime next = check.key().contains(":mtok:") || check.key().contains(":mcost:")
                ? now.toLocalDate().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC)
                : now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC);
        return java.time.Duration.between(now, next).toMillis();
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : value == null ? 0 : Long.parseLong(value.toString());
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
