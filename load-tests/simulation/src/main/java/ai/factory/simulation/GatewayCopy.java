package ai.factory.simulation;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.JdkHttpTransport;
import ai.factory.routing.balancing.Balancers;
import ai.factory.routing.fallback.Router;
import ai.factory.routing.health.ServerProbes;
import ai.factory.routing.kvevents.KvBlockIndex;
import ai.factory.routing.kvevents.KvEventSubscriber;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Location;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.PoolSettings;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.pool.QueueSettings;
import ai.factory.routing.slo.SloAdmission;
import ai.factory.routing.slo.WaitPredictor;
import io.opentelemetry.api.OpenTelemetry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gateway instance's routing core: its own endpoints (so its own in-flight counts), balancer,
 * router and, for {@code kv-prefix}, its own KV-event subscriptions. Copies share nothing but the
 * servers and what the servers publish: exactly what separate gateway processes would share.
 */
final class GatewayCopy implements AutoCloseable {

    final List<Endpoint> endpoints;
    final Pool pool;
    final Router router;
    final SloAdmission slo;
    final WaitPredictor predictor;
    private final Map<String, ModelAlias> aliases = new ConcurrentHashMap<>();
    private final ServerProbes probes = new ServerProbes();
    private final List<KvEventSubscriber> subscribers = new ArrayList<>();

    GatewayCopy(Settings s, Scenario scenario, Fleet fleet) {
        List<URI> urls = fleet.urls();
        endpoints = urls.stream().map(u -> new Endpoint("sim", u, 1, 4096)).toList();
        KvBlockIndex kvIndex = null;
        if (scenario.balancer().equals("kv-prefix")) {
            kvIndex = new KvBlockIndex();
            List<String> zmq = fleet.kvEventEndpoints();
            for (int i = 0; i < urls.size(); i++) {
                subscribers.add(new KvEventSubscriber(zmq.get(i), endpoints.get(i).baseUrl().toString(), kvIndex, ""));
            }
        }
        // The gateway hashes 64-byte blocks; a server block of 16 words is about 110 bytes, so
        // the index remembers about twice the server's block count: roughly its KV capacity.
        pool = new Pool("sim", Protocol.OPENAI, endpoints,
                Balancers.named(scenario.balancer(), Duration.ofSeconds(1), s.kvBlocks() * 2, kvIndex),
                null, new PoolSettings(Location.ON_PREM, null, null, 1, QueueSettings.NONE));
        boolean scrape = Balancers.needsServerMetrics(scenario.balancer()) || scenario.slo();
        if (scrape) {
            probes.scrapeMetrics(pool, Duration.ofMillis(100), Duration.ofMillis(400));
        }
        router = new Router(new JdkHttpTransport(Duration.ofSeconds(2), OpenTelemetry.noop()));
        if (scenario.slo()) {
            slo = new SloAdmission(s.objectives(), s.sloHeadroom());
            predictor = new WaitPredictor(s.slots(), Math.round(s.outputTokens() * s.itlMs() * (1 + s.batchSlowdown())), 400);
        } else {
            slo = null;
            predictor = null;
        }
    }

    /** The alias for a model name: the pool, asked for that model (a LoRA adapter is its own model). */
    ModelAlias alias(String model) {
        return aliases.computeIfAbsent(model, m -> new ModelAlias(m, List.of(new Target(pool, m))));
    }

    /** Batches, summed and worst publish-to-applied lag (ms) over this copy's KV-event subscriptions. */
    long[] kvEventLag() {
        long batches = 0;
        long sum = 0;
        long max = 0;
        for (KvEventSubscriber s : subscribers) {
            batches += s.batches();
            sum += s.lagMillis();
            max = Math.max(max, s.maxLagMillis());
        }
        return new long[] {batches, sum, max};
    }

    @Override
    public void close() {
        subscribers.forEach(KvEventSubscriber::close);
        probes.close();
    }
}
