package ai.factory.simulation;

import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.SseFramer;
import ai.factory.routing.balancing.PrefixBlocks;
import ai.factory.routing.fallback.RouteHints;
import ai.factory.routing.kvevents.WordBlockHashes;
import ai.factory.routing.slo.SloAdmission;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * One scenario: a fresh fleet, {@code instances} copies of the routing core in front of it (each
 * request to the next copy, round-robin), Poisson session arrivals at {@code load × capacity}
 * requests per second for {@code duration}, each session's turns one after another (the next is
 * sent a think time after the previous answer ended). With SLO admission each copy decides before
 * routing: send, hold and decide again {@link #RECHECK_MS} later, or refuse. Measures only the
 * window after the warm-up, then waits for the drain and cancels the rest.
 */
final class Run {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECHECK_MS = 25;

    private final Settings s;
    private final Scenario scenario;
    private final Workload workload;
    private final ConcurrentLinkedQueue<Timing> timings = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Disposable> streams = new ConcurrentLinkedQueue<>();
    private final AtomicLong windowTokens = new AtomicLong();
    private final AtomicLong nextCopy = new AtomicLong();
    private List<GatewayCopy> copies;
    private ScheduledExecutorService clock;
    private long windowStart;
    private long windowEnd;

    Run(Settings s, Scenario scenario) {
        this.s = s;
        this.scenario = scenario;
        this.workload = scenario.workload();
    }

    /** One request: when it was sent, when its first token and its end arrived (0 = never). */
    private static final class Timing {
        final long sent = System.nanoTime();
        final String tier;
        volatile long firstToken;
        volatile long ended;
        volatile boolean failed;
        volatile boolean refused;

        Timing(String tier) {
            this.tier = tier;
        }
    }

    Outcome execute() throws InterruptedException {
        clock = Executors.newSingleThreadScheduledExecutor();
        copies = new ArrayList<>();
        try (Fleet fleet = new Fleet(s, scenario.fleet())) {
            for (int i = 0; i < scenario.instances(); i++) {
                copies.add(new GatewayCopy(s, scenario, fleet));
            }
            double capacity = scenario.fleet().prefixCache() ? s.capacityPerSecond()
                    : s.capacityPerSecond(workload.meanPromptTokens());
            double requestRate = scenario.load() * capacity;
            double sessionRate = requestRate / workload.turns();
            Random random = new Random(s.seed());
            long start = System.nanoTime();
            windowStart = start + TimeUnit.SECONDS.toNanos(s.warmupS());
            windowEnd = start + TimeUnit.SECONDS.toNanos(s.durationS());
            double at = 0;
            long id = 0;
            while (true) {
                at += -Math.log(1 - random.nextDouble()) / sessionRate;
                if (at >= s.durationS()) {
                    break;
                }
                Workload.Session session = workload.newSession(id++, new Random(random.nextLong()));
                clock.schedule(() -> turn(session, 0), (long) (at * 1e6), TimeUnit.MICROSECONDS);
            }
            sleepUntil(windowStart);
            long[] before = fleet.prefixCounters();
            sleepUntil(windowEnd);
            long[] after = fleet.prefixCounters();
            long drained = windowEnd + TimeUnit.SECONDS.toNanos(s.drainS());
            while (System.nanoTime() < drained && timings.stream().anyMatch(e -> e.ended == 0)) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            clock.shutdownNow();
            streams.forEach(Disposable::dispose);
            if (scenario.fleet().kvEvents()) {
                long[] lag = {0, 0, 0};
                for (GatewayCopy copy : copies) {
                    long[] c = copy.kvEventLag();
                    lag[0] += c[0];
                    lag[1] += c[1];
                    lag[2] = Math.max(lag[2], c[2]);
                }
                System.out.printf(Locale.ROOT, "  KV events: %d batches applied, publish to applied %.1f ms on average,"
                        + " %d ms at worst%n", lag[0], lag[1] / (double) Math.max(1, lag[0]), lag[2]);
            }
            return outcome(requestRate, (after[0] - before[0]) / (double) Math.max(1, after[1] - before[1]));
        } finally {
            clock.shutdownNow();
            copies.forEach(GatewayCopy::close);
        }
    }

    private void turn(Workload.Session session, int turn) {
        if (System.nanoTime() >= windowEnd) {
            return;
        }
        GatewayCopy copy = copies.get((int) (nextCopy.getAndIncrement() % copies.size()));
        Timing timing = new Timing(session.tier());
        timings.add(timing);
        admit(copy, session, turn, timing);
    }

    private void admit(GatewayCopy copy, Workload.Session session, int turn, Timing timing) {
        if (copy.slo != null) {
            long waited = (System.nanoTime() - timing.sent) / 1_000_000;
            double predicted = copy.predictor.waitMillis(copy.endpoints, System.nanoTime());
            SloAdmission.Decision decision = copy.slo.decide(session.tier(), predicted, waited, RECHECK_MS);
            if (decision.kind() == SloAdmission.Decision.Kind.WAIT) {
                later(() -> admit(copy, session, turn, timing), RECHECK_MS);
                return;
            }
            if (decision.kind() == SloAdmission.Decision.Kind.REFUSE) {
                // The client gets 503 with retry-after; this simulation's clients do not retry.
                timing.refused = true;
                timing.ended = System.nanoTime();
                return;
            }
        }
        send(copy, session, turn, timing);
    }

    private void send(GatewayCopy copy, Workload.Session session, int turn, Timing timing) {
        List<Workload.Message> messages = session.prompt(turn);
        byte[] body = body(session.model(), messages);
        String rendered = rendered(messages);
        // kv-prefix matches the servers' own block hashes (what their KV events carry); the other
        // balancers use the gateway's byte blocks, as the gateway does.
        long[] blocks = scenario.balancer().equals("kv-prefix")
                ? WordBlockHashes.of(session.model() + "\n" + rendered, s.blockTokens())
                : PrefixBlocks.of(rendered);
        RouteHints hints = new RouteHints("sim", null, session.id(), blocks, 0, 0);
        copy.router.route(copy.alias(session.model()), hints, target -> new BackendRequest("/v1/chat/completions",
                body, true, Map.of(), Duration.ofSeconds(120), Context.root())).whenComplete((reply, error) -> {
                    if (error != null || reply.status() != 200) {
                        timing.failed = true;
                        timing.ended = System.nanoTime();
                        if (reply != null) {
                            reply.release();
                        }
                        return;
                    }
                    SseFramer framer = new SseFramer(1 << 20);
                    streams.add(reply.body().concatMapIterable(framer::feed).subscribe(event -> {
                        String data = SseFramer.data(event);
                        if (data != null && data.contains("\"content\":\"") && !data.contains("\"content\":\"\"")) {
                            long now = System.nanoTime();
                            if (timing.firstToken == 0) {
                                timing.firstToken = now;
                            }
                            if (now >= windowStart && now < windowEnd) {
                                windowTokens.incrementAndGet();
                            }
                        }
                    }, failure -> {
                        timing.failed = true;
                        timing.ended = System.nanoTime();
                    }, () -> {
                        timing.ended = System.nanoTime();
                        if (copy.predictor != null && timing.firstToken != 0) {
                            copy.predictor.completed((timing.ended - timing.firstToken) / 1_000_000);
                        }
                        if (turn + 1 < session.prompts().size()) {
                            long think = (long) (-Math.log(1 - Math.random()) * s.thinkMs());
                            later(() -> turn(session, turn + 1), think);
                        }
                    }));
                });
    }

    private void later(Runnable step, long millis) {
        try {
            clock.schedule(step, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException over) {
            // The run is over.
        }
    }

    private byte[] body(String model, List<Workload.Message> messages) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model).put("stream", true).put("max_tokens", s.outputTokens()).put("ignore_eos", true);
        ArrayNode list = root.putArray("messages");
        for (Workload.Message m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The prompt as a chat template lays it out: what the prefix balancers hash. */
    static String rendered(List<Workload.Message> messages) {
        StringBuilder text = new StringBuilder();
        for (Workload.Message m : messages) {
            text.append(m.role()).append(": ").append(m.content()).append('\n');
        }
        return text.toString();
    }

    private Outcome outcome(double offered, double hitRate) {
        long end = System.nanoTime();
        List<Double> ttft = new ArrayList<>();
        List<Double> enterprise = new ArrayList<>();
        int sent = 0;
        int completed = 0;
        int failed = 0;
        int refused = 0;
        int good = 0;
        boolean tiered = false;
        for (Timing e : timings) {
            if (e.sent < windowStart || e.sent >= windowEnd) {
                continue;
            }
            sent++;
            tiered |= e.tier != null;
            if (e.refused) {
                refused++;
                continue;
            }
            if (e.failed) {
                failed++;
            } else if (e.ended != 0) {
                completed++;
            }
            long first = e.firstToken != 0 ? e.firstToken : end;
            double ms = (first - e.sent) / 1e6;
            ttft.add(ms);
            if (e.tier != null) {
                if (!e.failed && e.firstToken != 0 && ms <= objectiveMs(e.tier)) {
                    good++;
                }
                if (e.tier.equals("enterprise")) {
                    enterprise.add(ms);
                }
            }
        }
        ttft.sort(null);
        enterprise.sort(null);
        double seconds = (windowEnd - windowStart) / 1e9;
        return new Outcome(scenario.group(), scenario.label(), scenario.instances(), offered, sent, completed, failed,
                refused, percentile(ttft, 0.50), percentile(ttft, 0.90), percentile(ttft, 0.99),
                windowTokens.get() / seconds, hitRate, tiered ? good / seconds : Double.NaN,
                tiered ? percentile(enterprise, 0.90) : Double.NaN);
    }

    private double objectiveMs(String tier) {
        return s.objectives().stream().filter(o -> o.tier().equals(tier)).findFirst().orElseThrow().ttft().toMillis();
    }

    private static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
