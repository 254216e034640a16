package ai.factory.gateway.ratelimit;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import ai.factory.gateway.redis.FlushConsolidation;
import ai.factory.gateway.redis.LettuceStore;
import ai.factory.gateway.redis.RedisConfig;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.gateway.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request path's Redis cost per request, before and after joining calls: 64 requests in flight
 * at once, each admitted (7 buckets and a cache lookup) and settled, either one admit.lua and one
 * settle.lua call per request with the event's 21 fields ({@code oneByOne}, the path before) or
 * through {@link ReserveBatches} and {@link SettleBatches} with the event as one field ({@code batched}). Against the embedded
 * Redis on this machine; besides the time per request, each iteration prints the Redis server's
 * own CPU per request (INFO cpu), the figure the overhead benchmark's Redis target is about. With
 * {@code flush=tick} the connection flushes once per event-loop tick (FlushConsolidation).
 * Run with {@code load-tests/scripts/jmh.sh AdmissionBatch}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AdmissionBatchJmh {

    private static final int IN_FLIGHT = 64;

    /** How many tenants the requests spread over: 1 puts every request in one shard's lane. */
    @Param({"1", "64"})
    public int tenants;

    /** Lettuce's own flush per command ({@code command}), or one per loop tick ({@code tick}: FlushConsolidation). */
    @Param({"command", "tick"})
    public String flush;

    private ClientResources resources;
    private RedisClient client;
    private RedisStore store;
    private LimiterScripts scripts;
    private SettleBatches batches;
    private ReserveBatches admits;
    private List<List<Bucket>> buckets;
    private long sequence;
    private long requests;
    private double cpuBefore;

    @Setup(Level.Trial)
    public void start() {
        resources = "tick".equals(flush) ? FlushConsolidation.apply(ClientResources.builder()).build()
                : ClientResources.create();
        client = RedisClient.create(resources, TestServers.redisUri());
        store = new LettuceStore(client, null, new RedisConfig(16));
        scripts = new LimiterScripts(store);
        batches = new SettleBatches(store, SettleBatches.MAX_BATCH, Duration.ofSeconds(5));
        admits = new ReserveBatches(store, SettleBatches.MAX_BATCH, Duration.ofSeconds(5));
        buckets = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            buckets.add(buckets(store.keys(), "bench-" + t));
        }
    }

    @Setup(Level.Iteration)
    public void before() throws Exception {
        for (String stream : store.keys().usageStreams()) {
            store.async().del(stream).get();
        }
        requests = 0;
        cpuBefore = redisCpuSeconds();
    }

    @TearDown(Level.Iteration)
    public void after() throws Exception {
        double micros = (redisCpuSeconds() - cpuBefore) * 1e6;
        System.out.printf("%n  Redis CPU %.1f us per request (%d requests, %d tenants)%n", micros / requests, requests,
                tenants);
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.shutdown();
        resources.shutdown();
        TestServers.stopRedis();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void oneByOne() {
        run(false);
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public void batched() {
        run(true);
    }

    private void run(boolean batched) {
        List<CompletableFuture<?>> all = new ArrayList<>(IN_FLIGHT);
        for (int i = 0; i < IN_FLIGHT; i++) {
            String tenant = "bench-" + (i % tenants);
            List<Bucket> c = buckets.get(i % tenants);
            String member = "m-" + (sequence++);
            LimiterScripts.ScriptCall call = scripts.admitCall(tenant, c, member, store.keys().cache(tenant, member), 60_000,
                    List.of());
            all.add((batched ? admits.admit(call) : scripts.admit(call))
                    .thenCompose(reply -> settle(batched, tenant, c, member)));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        requests += IN_FLIGHT;
    }

    private CompletableFuture<?> settle(boolean batched, String tenant, List<Bucket> c, String member) {
        long[] deltas = SettleDeltas.of(c, false, 250, 900);
        UsageEvent event = new UsageEvent(member, System.currentTimeMillis(), tenant, "key_bench", null, "chat",
                "chat-default", "m", "gpu", "http://gpu", 200, 50, 0, 900, UsageEvent.OK, false, 0, 5, 3, false, 200);
        if (!batched) {
            return scripts.settle(tenant, c, deltas, member, null, null, 0, event.toFields(), 60_000);
        }
        return batches.settle(new SettleBatches.Item(tenant, c, deltas, member, null, null, 0,
                UsageEventCodec.encode(event), false));
    }

    /** The seven buckets of a tenant with every limit set, as the admission benchmark has them. */
    private static List<Bucket> buckets(RedisKeys keys, String tenant) {
        String p = keys.limiter(tenant) + ":t:";
        long huge = 1_000_000_000_000L;
        return List.of(new Bucket(BucketKind.REQUESTS, p + "rpm", 100_000_000, 60_000, 1, "requests"),
                new Bucket(BucketKind.TOKENS, p + "tpm", huge, 60_000, 300, "tokens"),
                new Bucket(BucketKind.CONCURRENCY, p + "conc", 100_000, 60_000, 1, null),
                new Bucket(BucketKind.DAILY_TOKENS, p + "dtok:bench", huge, 86_400_000, 300, null),
                new Bucket(BucketKind.MONTHLY_TOKENS, p + "mtok:bench", huge, 86_400_000, 300, null),
                new Bucket(BucketKind.DAILY_COST, p + "dcost:bench", huge, 86_400_000, 1_000, null),
                new Bucket(BucketKind.MONTHLY_COST, p + "mcost:bench", huge, 86_400_000, 1_000, null));
    }

    private double redisCpuSeconds() throws Exception {
        double total = 0;
        for (String line : store.async().info("cpu").get().split("\r?\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return total;
    }
}
