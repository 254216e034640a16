package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.ratelimit.AdmissionConfig;
import ai.factory.gateway.redis.RedisStore;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the reservations of the requests this instance still serves alive: every third of the
 * lease ttl, ONE Redis call (renew.lua) extends all of them, their concurrency leases included,
 * and records the tokens counted so far. A stream longer than the ttl so keeps its concurrency
 * slot; an instance that dies stops renewing, and its reservations expire for a reaper to settle.
 *
 * <p>Runs on its own timer thread and only sends asynchronous commands: never blocks an event
 * loop, and skips a tick while the previous call is still out. On Redis Cluster a script call
 * may only touch one slot, so the batch is split by the tenants' shard (one call per shard with
 * live requests, all its keys in that shard's slot); on one Redis it stays one call.
 */
@Context
@Requires(property = "gateway.ratelimit.expiry.enabled", notEquals = "false")
public class LeaseRenewer {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewer.class);

    private final LiveReservations live;
    private final ExpiryScripts scripts;
    private final long ttlMillis;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-renewer");
        t.setDaemon(true);
        return t;
    });

    private final boolean cluster;

    public LeaseRenewer(LiveReservations live, RedisStore redis, AdmissionConfig config) {
        this.live = live;
        this.scripts = new ExpiryScripts(redis);
        this.cluster = redis.cluster();
        this.ttlMillis = config.leaseTtl().toMillis();
        long period = Math.max(1, ttlMillis / 3);
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        renewNow().orTimeout(Math.max(1, ttlMillis / 3), TimeUnit.MILLISECONDS).whenComplete((renewed, error) -> {
            busy.set(false);
            if (error != null) {
                LOG.warn("could not renew {} live reservations ({}); they expire {} ms after their last renewal",
                        live.size(), error.toString(), ttlMillis);
            }
        });
    }

    /** Renews every live reservation now; completes with how many Redis still held. */
    public CompletableFuture<Long> renewNow() {
        Collection<LiveReservation> all = live.snapshot();
        if (all.isEmpty()) {
            return CompletableFuture.completedFuture(0L);
        }
        if (!cluster) {
            return renew(all);
        }
        Map<Integer, List<LiveReservation>> byShard = new TreeMap<>();
        for (LiveReservation r : all) {
            byShard.computeIfAbsent(r.shard(), s -> new ArrayList<>()).add(r);
        }
        CompletableFuture<Long> total = CompletableFuture.completedFuture(0L);
        for (List<LiveReservation> batch : byShard.values()) {
            CompletableFuture<Long> one = renew(batch);
            total = total.thenCombine(one, Long::sum);
        }
        return total;
    }

    private CompletableFuture<Long> renew(Collection<LiveReservation> batch) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Long.toString(ttlMillis));
        args.add(Integer.toString(batch.size()));
        for (LiveReservation r : batch) {
            keys.add(r.record());
            keys.add(r.index());
            keys.addAll(r.leaseKeys());
            args.add(Integer.toString(r.leaseKeys().size()));
            args.add(r.member());
            args.add(Long.toString(r.usedTokens()));
            args.add(Long.toString(r.usedCost()));
        }
        return scripts.renew(keys, args);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
