package ai.factory.gateway.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.hostile.HostileRequest.Tenant;
import ai.factory.gateway.support.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Redis and then PostgreSQL are stopped and started again (real processes, same port and data)
 * while clients keep sending requests: every answered request has exactly one ledger row, none
 * is lost and none doubled.
 */
class RedisAndPostgresRestartIT {

    private static final int CLIENTS = 8;

    @Test
    void restarting_redis_then_postgres_under_load_loses_and_doubles_no_usage_event() throws Exception {
        try (OwnServers.Redis redis = new OwnServers.Redis();
             OwnServers.Postgres postgres = new OwnServers.Postgres();
             HostileGateway gw = new HostileGateway(redis.uri(), postgres.jdbcUrl(), Map.of())) {
            gw.tenants(Tenant.BODY);
            Ledger ledger = new Ledger(postgres.jdbcUrl());
            Map<String, Integer> answered = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> load(gw, client, running, answered));
            }
            long started = System.nanoTime();
            // Each phase lasts 2 s and until the clients got 30 more answers in it (at most 15 s): every restart is under load.
            int[] phases = new int[5];
            phases[0] = awaitAnswers(answered, 30);
            redis.stop();
            phases[1] = awaitAnswers(answered, 30);
            redis.start();
            phases[2] = awaitAnswers(answered, 30);
            postgres.stop();
            phases[3] = awaitAnswers(answered, 30);
            postgres.start();
            phases[4] = awaitAnswers(answered, 30);
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(60, TimeUnit.SECONDS), "clients stopped");
            long loadMillis = (System.nanoTime() - started) / 1_000_000;

            Map<Integer, Integer> statuses = new TreeMap<>();
            answered.values().forEach(s -> statuses.merge(s, 1, Integer::sum));
            boolean landed = Await.holds(Duration.ofSeconds(120), () -> ledger.rows(Tenant.BODY.id) >= answered.size());
            Await.quiet(Duration.ofSeconds(2));
            Map<String, Integer> rows = ledger.rowsPerClientId(Tenant.BODY.id, answered.keySet());
            long lost = answered.keySet().stream().filter(id -> !rows.containsKey(id)).count();
            long doubled = rows.values().stream().filter(n -> n > 1).count();
            Set<String> unknown = new java.util.HashSet<>(rows.keySet());
            unknown.removeAll(answered.keySet());
            System.out.println("restart under load: " + answered.size() + " requests answered in " + loadMillis + " ms ("
                    + "answered by phase: up " + phases[0] + ", Redis down " + phases[1] + ", Redis back " + phases[2]
                    + ", PostgreSQL down " + phases[3] + ", PostgreSQL back " + phases[4] + "), statuses "
                    + statuses + "; ledger rows " + ledger.rows(Tenant.BODY.id) + ", lost " + lost + ", doubled " + doubled
                    + ", rows for unanswered requests " + unknown.size() + (landed ? "" : " (ledger never caught up)"));
            assertTrue(java.util.Arrays.stream(phases).allMatch(n -> n > 0), "load ran through every phase");
            assertEquals(0, statuses.keySet().stream().filter(s -> s != 200).count(),
                    "every request is served while Redis and PostgreSQL restart: " + statuses);
            assertEquals(0, lost, "no usage event lost");
            assertEquals(0, doubled, "no usage event doubled");
            assertEquals(Set.of(), unknown, "no row the clients did not cause");
            assertEquals(answered.size(), ledger.rows(Tenant.BODY.id), "one row per answered request");
        }
    }

    /** One client: sequential requests, each with its own id, streamed and not; records what came back. */
    private static void load(HostileGateway gw, int client, AtomicBoolean running, Map<String, Integer> answered) {
        for (int n = 0; running.get(); n++) {
            String id = "fx-" + client + "-" + n;
            byte[] body = HostileBodies.chat("\"chat-default\"", ",\"max_tokens\":5,\"stream\":" + (n % 3 == 0),
                    "\"restart " + n + "\"").getBytes(StandardCharsets.UTF_8);
            byte[] head = RawHttp.head(HostileRequests.POST_CHAT, List.of("host: localhost", "connection: close",
                    "authorization: Bearer " + gw.keys.get(Tenant.BODY), "content-type: application/json",
                    "x-request-id: " + id, "content-length: " + body.length));
            RawHttp.Response r = RawHttp.exchange(gw.port(), null, head, body, RawHttp.Delivery.WHOLE, n, 30_000);
            answered.put(id, r.status());
        }
    }

    /** Waits at least 2 s and until {@code more} further requests are answered (or 15 s pass); returns how many were. */
    private static int awaitAnswers(Map<String, Integer> answered, int more) {
        int from = answered.size();
        Await.quiet(Duration.ofSeconds(2));
        Await.holds(Duration.ofSeconds(13), () -> answered.size() >= from + more);
        return answered.size() - from;
    }
}
