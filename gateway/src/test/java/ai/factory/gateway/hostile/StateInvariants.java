package ai.factory.gateway.hostile;

import ai.factory.gateway.hostile.HostileRequest.Tenant;
import ai.factory.gateway.hostile.HostileRun.Outcome;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.policy.LedgerSeed;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.TenantPolicy;
import ai.factory.gateway.ratelimit.Bucket;
import ai.factory.gateway.ratelimit.BucketPlan;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Await;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What must hold of the gateway's state once the hostile traffic is over: the flusher still
 * lands events, the ledger holds every authenticated request exactly once, the Redis counters
 * agree with the ledger and hold no leaked lease, small limits are exact, health is up.
 */
final class StateInvariants {

    static final String VALID_CHAT = HostileBodies.chat("\"chat-default\"", ",\"max_tokens\":5", "\"after the storm\"");

    private StateInvariants() {
    }

    /** A tenant that sent nothing hostile makes one request after the run: its row must land, or the flusher is dead. */
    static void flusherAlive(HostileGateway gw, Ledger ledger, Findings findings) {
        String key = gw.app.newKey("hx-canary", List.of());
        HttpResponse<String> r = gw.app.post("/v1/chat/completions", key, VALID_CHAT);
        findings.check(r.statusCode() == 200, "a request after the run is served", "canary -> " + r.statusCode() + " " + r.body());
        findings.check(Await.holds(Duration.ofSeconds(30), () -> ledger.rows("hx-canary") == 1),
                "the flusher is alive after the run (a new request lands within 30 s)", "hx-canary rows=" + ledger.rows("hx-canary"));
    }

    /**
     * Waits for the ledger to hold what the run owes, then compares tenant by tenant: as many rows as owed
     * answers, each owed answer's own row found by its gateway id ({@code x-gateway-request-id}, the ledger's
     * identity), and status by status. Which answers owe a row: {@link ResponseInvariants#owesRow}.
     */
    static void ledgerExactlyOnce(List<Outcome> outcomes, Ledger ledger, Findings findings, StringBuilder report) {
        Map<Tenant, Long> owed = ResponseInvariants.owedRows(outcomes);
        Await.holds(Duration.ofSeconds(45), () -> owed.entrySet().stream().allMatch(e -> ledger.rows(e.getKey().id) >= e.getValue()));
        // Anything doubled would arrive after the last owed row: give the flusher a moment more.
        Await.quiet(Duration.ofMillis(1_500));
        long lost = 0;
        long doubled = 0;
        for (Map.Entry<Tenant, Long> e : owed.entrySet()) {
            long rows = ledger.rows(e.getKey().id);
            java.util.Set<String> ids = ledger.requestIds(e.getKey().id);
            long found = 0;
            for (Outcome o : outcomes) {
                if (o.request().tenant() != e.getKey() || !ResponseInvariants.owesRow(o)) {
                    continue;
                }
                String id = o.response().header(RequestIds.GATEWAY_HEADER);
                findings.check(id != null && ids.contains(id), "every owed answer's own row is in the ledger (by its gateway id)",
                        ResponseInvariants.describe(o) + " [" + RequestIds.GATEWAY_HEADER + ": " + id + "]");
                found += id != null && ids.contains(id) ? 1 : 0;
            }
            lost += e.getValue() - found;
            doubled += Math.max(0, rows - found);
            findings.check(rows == e.getValue(), "every authenticated request in the ledger exactly once",
                    e.getKey().id + ": answers owed " + e.getValue() + " rows, ledger has " + rows);
            Map<Integer, Long> byStatus = ResponseInvariants.statusesOf(outcomes, e.getKey());
            if (!byStatus.isEmpty() && e.getKey() != Tenant.STREAM && e.getKey() != Tenant.HTTP) {
                Map<Integer, Long> inLedger = ledger.statuses(e.getKey().id);
                findings.check(byStatus.equals(inLedger), "the ledger's statuses equal the answers' statuses",
                        e.getKey().id + ": answered " + byStatus + ", ledger " + inLedger);
            }
        }
        report.append("\n  answered without a ledger row, not owed (by tenant, status, code/param): ").append(unbilled(outcomes, ledger));
        report.append("\n  ledger: owed ").append(owed).append(", events lost ").append(lost).append(", doubled ").append(doubled);
    }

    /**
     * Answers that owe no row and have none (their gateway id, {@code x-gateway-request-id}, is not in the
     * ledger), counted by tenant, status and error code/param: shows which refusals the owed rule leaves out.
     */
    static Map<String, Long> unbilled(List<Outcome> outcomes, Ledger ledger) {
        Map<String, java.util.Set<String>> ids = new java.util.HashMap<>();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (Outcome o : outcomes) {
            Tenant t = o.request().tenant();
            String id = o.response().header(RequestIds.GATEWAY_HEADER);
            if (t == Tenant.NONE || o.response().status() == 0 || id == null || ResponseInvariants.owesRow(o)) {
                continue;
            }
            if (!ids.computeIfAbsent(t.id, ledger::requestIds).contains(id)) {
                out.merge(t.id + " " + o.response().status() + " " + ResponseInvariants.errorCode(o.response()) + "/"
                        + ResponseInvariants.errorParam(o.response()), 1L, Long::sum);
            }
        }
        return out;
    }

    /**
     * No lease left behind; every daily budget counter equals the ledger's total for its day. Key names come
     * from the gateway's own {@link RedisKeys} (its configured shards) and {@link BucketPlan}: the suite
     * reads the buckets admission really used, whatever their hash tags.
     */
    static void countersAgree(HostileGateway gw, String redisUri, Ledger ledger, List<Tenant> tenants, Findings findings) {
        RedisKeys keys = gw.app.context().getBean(RedisStore.class).keys();
        RedisClient client = RedisClient.create(redisUri);
        try {
            RedisCommands<String, String> redis = client.connect().sync();
            ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
            for (Tenant t : tenants) {
                String conc = bucket(keys, t, new Limits(null, null, 1L, null, null, null, null), now).redisKey();
                long leases = redis.zcount(conc, io.lettuce.core.Range.create(System.currentTimeMillis(), Double.POSITIVE_INFINITY));
                findings.check(leases == 0, "no concurrency lease outlives its request", t.id + ": " + leases + " leases held");
                for (Map.Entry<String, long[]> day : ledger.dailyCharges(t.id).entrySet()) {
                    ZonedDateTime noon = LocalDate.parse(day.getKey(), DateTimeFormatter.BASIC_ISO_DATE).atTime(12, 0)
                            .atZone(ZoneOffset.UTC);
                    long tokens = parse(field(redis, bucket(keys, t, new Limits(null, null, null, 1L, null, null, null), noon)));
                    long cost = parse(field(redis, bucket(keys, t, new Limits(null, null, null, null, null, 1L, null), noon)));
                    findings.check(tokens == day.getValue()[0], "daily token counter equals the ledger",
                            t.id + " " + day.getKey() + ": counter " + tokens + ", ledger " + day.getValue()[0]);
                    findings.check(cost == day.getValue()[1], "daily cost counter equals the ledger",
                            t.id + " " + day.getKey() + ": counter " + cost + ", ledger " + day.getValue()[1]);
                }
                for (Limits rate : List.of(new Limits(1L, null, null, null, null, null, null),
                        new Limits(null, 1L, null, null, null, null, null))) {
                    Bucket b = bucket(keys, t, rate, now);
                    String key = b.key();
                    String level = field(redis, b);
                    findings.check(level == null || Double.isFinite(Double.parseDouble(level)),
                            "rate buckets hold finite levels", key + " = " + level);
                }
            }
        } finally {
            client.shutdown();
        }
    }

    /** The one tenant-scope bucket admission checks for a tenant limited only by {@code only}. */
    private static Bucket bucket(RedisKeys keys, Tenant t, Limits only, ZonedDateTime at) {
        TenantPolicy policy = new TenantPolicy(t.id, "hostile", only, Map.of(), Map.of(), LedgerSeed.NONE, Map.of());
        List<Bucket> buckets = BucketPlan.buckets(keys, policy, "any-key", null, 1, 1, 1_000, at);
        if (buckets.size() != 1) {
            throw new IllegalStateException("expected one bucket for " + only + ", the plan has " + buckets);
        }
        return buckets.get(0);
    }

    /** A bucket's value: its field in its scope's hash. */
    private static String field(RedisCommands<String, String> redis, Bucket b) {
        return redis.hget(b.redisKey(), b.field());
    }

    /** Each tenant gets a small limit: exactly that many of the next requests pass, the rest are 429. */
    static void limitsExact(HostileGateway gw, List<Tenant> tenants, Findings findings) {
        for (Tenant t : tenants) {
            // The run's own limits (tokens, concurrency, budgets) stay: a counter the run corrupted shows here.
            Admin.policy(gw.app, t.id, HostileGateway.GENEROUS.replace("\"rpm\":1000000", "\"rpm\":5"));
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                statuses.add(gw.app.post("/v1/chat/completions", gw.keys.get(t), VALID_CHAT).statusCode());
            }
            findings.check(statuses.equals(List.of(200, 200, 200, 200, 200, 429, 429)),
                    "a tenant given rpm 5 after the run gets exactly 5", t.id + ": " + statuses);
        }
    }

    static void healthUp(HostileGateway gw, Findings findings) {
        HttpResponse<String> health = gw.app.get("/health", null);
        findings.check(health.statusCode() == 200 && health.body().contains("\"UP\""), "/health is up after the run",
                health.statusCode() + " " + health.body());
    }

    private static long parse(String v) {
        return v == null ? 0 : Long.parseLong(v);
    }
}
