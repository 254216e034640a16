package ai.factory.simulation;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.JdkHttpTransport;
import ai.factory.routing.backend.SseFramer;
import ai.factory.routing.balancing.Balancers;
import ai.factory.routing.balancing.PrefixBlocks;
import ai.factory.routing.fallback.RouteHints;
import ai.factory.routing.fallback.Router;
import ai.factory.routing.health.ServerProbes;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.pool.QueueSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * One balancer on one workload: a fresh fleet, the routing core in front of it, Poisson session
 * arrivals at {@code load × capacity} requests per second for {@code duration}, each session's
 * turns one after another (the next is sent a think time after the previous answer ended).
 * Measures only the window after the warm-up, then waits for the drain and cancels the rest.
 */
final class Run {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings s;
    private final Workload workload;
    private final String balancer;
    private final ConcurrentLinkedQueue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Disposable> streams = new ConcurrentLinkedQueue<>();
    private final AtomicLong windowTokens = new AtomicLong();
    private long start;
    private long windowStart;
    private long windowEnd;

    Run(Settings s, Workload workload, String balancer) {
        this.s = s;
        this.workload = workload;
        this.balancer = balancer;
    }

    /** One request: when it was sent, when its first token and its end arrived (0 = never). */
    private static final class Exchange {
        final long sent = System.nanoTime();
        volatile long firstToken;
        volatile long ended;
        volatile boolean failed;
    }

    Outcome execute() throws InterruptedException {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try (Fleet fleet = new Fleet(s); ServerProbes probes = new ServerProbes()) {
            List<Endpoint> endpoints = fleet.urls().stream().map(u -> new Endpoint("sim", u, 1, 4096)).toList();
            // The gateway hashes 64-byte blocks; a server block of 16 words is about 110 bytes, so
            // the index remembers about twice the server's block count: roughly its KV capacity.
            Pool pool = new Pool("sim", Protocol.OPENAI, endpoints,
                    Balancers.named(balancer, Duration.ofSeconds(1), s.kvBlocks() * 2),
                    null, new PoolSettings(Location.ON_PREM, null, null, 1, QueueSettings.NONE));
            if (Balancers.needsServerMetrics(balancer)) {
                probes.scrapeMetrics(pool, Duration.ofMillis(100), Duration.ofMillis(400));
            }
            Router router = new Router(new JdkHttpTransport(Duration.ofSeconds(2), OpenTelemetry.noop()));
            ModelAlias alias = new ModelAlias("m", List.of(new Target(pool, "m")));

            double requestRate = s.load() * s.capacityPerSecond();
            double sessionRate = requestRate / workload.turns();
            Random random = new Random(s.seed());
            start = System.nanoTime();
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
                clock.schedule(() -> turn(router, alias, session, 0, clock), (long) (at * 1e6), TimeUnit.MICROSECONDS);
            }
            sleepUntil(windowStart);
            long[] before = fleet.prefixCounters();
            sleepUntil(windowEnd);
            long[] after = fleet.prefixCounters();
            long drained = windowEnd + TimeUnit.SECONDS.toNanos(s.drainS());
            while (System.nanoTime() < drained && exchanges.stream().anyMatch(e -> e.ended == 0)) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            clock.shutdownNow();
            streams.forEach(Disposable::dispose);
            return outcome(requestRate, (after[0] - before[0]) / (double) Math.max(1, after[1] - before[1]));
        } finally {
            clock.shutdownNow();
        }
    }

    private void turn(Router router, ModelAlias alias, Workload.Session session, int turn, ScheduledExecutorService clock) {
        if (System.nanoTime() >= windowEnd) {
            return;
        }
        List<Workload.Message> messages = session.prompt(turn);
        byte[] body = body(messages);
        RouteHints hints = new RouteHints("sim", null, session.id(), PrefixBlocks.of(rendered(messages)), 0, 0);
        Exchange exchange = new Exchange();
        exchanges.add(exchange);
        router.route(alias, hints, target -> new BackendRequest("/v1/chat/completions", body, true, Map.of(),
                Duration.ofSeconds(120), Context.root())).whenComplete((reply, error) -> {
                    if (error != null || reply.status() != 200) {
                        exchange.failed = true;
                        exchange.ended = System.nanoTime();
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
                            if (exchange.firstToken == 0) {
                                exchange.firstToken = now;
                            }
                            if (now >= windowStart && now < windowEnd) {
                                windowTokens.incrementAndGet();
                            }
                        }
                    }, failure -> {
                        exchange.failed = true;
                        exchange.ended = System.nanoTime();
                    }, () -> {
                        exchange.ended = System.nanoTime();
                        if (turn + 1 < session.prompts().size()) {
                            long think = (long) (-Math.log(1 - Math.random()) * s.thinkMs());
                            try {
                                clock.schedule(() -> turn(router, alias, session, turn + 1, clock), think, TimeUnit.MILLISECONDS);
                            } catch (java.util.concurrent.RejectedExecutionException over) {
                                // The run is over.
                            }
                        }
                    }));
                });
    }

    private byte[] body(List<Workload.Message> messages) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "m").put("stream", true).put("max_tokens", s.outputTokens()).put("ignore_eos", true);
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

    /** The prompt as a chat template lays it out: what the prefix-aware balancer hashes. */
    private static String rendered(List<Workload.Message> messages) {
        StringBuilder text = new StringBuilder();
        for (Workload.Message m : messages) {
            text.append(m.role()).append(": ").append(m.content()).append('\n');
        }
        return text.toString();
    }

    private Outcome outcome(double offered, double hitRate) {
        long end = System.nanoTime();
        List<Double> ttft = new ArrayList<>();
        int sent = 0;
        int completed = 0;
        int failed = 0;
        for (Exchange e : exchanges) {
            if (e.sent < windowStart || e.sent >= windowEnd) {
                continue;
            }
            sent++;
            if (e.failed) {
                failed++;
            } else if (e.ended != 0) {
                completed++;
            }
            long first = e.firstToken != 0 ? e.firstToken : end;
            ttft.add((first - e.sent) / 1e6);
        }
        ttft.sort(null);
        double seconds = (windowEnd - windowStart) / 1e9;
        return new Outcome(workload.name(), balancer, offered, sent, completed, failed,
                percentile(ttft, 0.50), percentile(ttft, 0.90), percentile(ttft, 0.99),
                windowTokens.get() / seconds, hitRate);
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
