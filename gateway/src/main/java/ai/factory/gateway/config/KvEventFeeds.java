package ai.factory.gateway.config;

import ai.factory.routing.balancing.Balancer;
import ai.factory.routing.balancing.Balancers;
import ai.factory.routing.kvevents.KvBlockIndex;
import ai.factory.routing.kvevents.KvEventFeed;
import ai.factory.routing.kvevents.KvEventSubscriber;
import ai.factory.routing.kvevents.ServerBlockHashes;
import ai.factory.routing.kvevents.VllmBlockHashes;
import ai.factory.routing.pool.Endpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway.pools.<name>.kv-events}, for {@code balancer: kv-prefix}: one subscription to
 * each server's KV events, and the servers' own block hashes of each prompt to look up in them.
 *
 * <pre>
 * kv-events:
 *   endpoint-pattern: tcp://{host}:5557   # or kv-events: tcp://... on each endpoint entry
 *   hash: sha256_cbor        # vLLM --prefix-caching-hash-algo; the only one reproducible outside Python
 *   hash-seed: "0"           # vLLM's PYTHONHASHSEED (required: unset, vLLM's hashes are random)
 *   block-size: 16           # vLLM --block-size
 *   tokenizer: cl100k_base   # the model's tokenizer; a name the gateway lacks falls back to prefix-hash
 *   topic: ""                # vLLM's kv-events topic
 *   deaf-after: 10s          # a subscription silent this long after a request went there is renewed
 * </pre>
 *
 * Every subscriber thread is stopped with the application. A configuration refresh that changes a
 * pool's endpoints changes its subscriptions with them ({@link #follow}, from {@link PoolReloader}).
 */
@Singleton
public class KvEventFeeds implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KvEventFeeds.class);

    private final MeterRegistry registry;
    private final Map<String, PoolFeed> pools = new ConcurrentHashMap<>();

    public KvEventFeeds(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The pool's kv-prefix balancer, subscribed to its servers; prefix-hash when the tokenizer is unknown. */
    Balancer balancer(String pool, PoolConfig.KvEvents kv, List<PoolConfig.EndpointEntry> entries,
            List<Endpoint> endpoints, Duration staleAfter, String where) {
        String w = where + ".kv-events";
        if (kv == null) {
            throw new ConfigurationException(where + ".balancer: kv-prefix needs a kv-events block (the servers' ZMQ"
                    + " publishers, hash seed and tokenizer); use prefix-hash without one");
        }
        String hash = kv.hash();
        if (!hash.equals("sha256_cbor")) {
            throw new ConfigurationException(w + ".hash: only sha256_cbor can be computed outside the server"
                    + " (vLLM's sha256 hashes Python pickles); got '" + hash + "'");
        }
        String seed = trimmed(kv.hashSeed());
        String tokenizer = trimmed(kv.tokenizer());
        if (seed == null || tokenizer == null) {
            throw new ConfigurationException(w + ": hash-seed (the servers' PYTHONHASHSEED) and tokenizer are required");
        }
        int blockSize = kv.blockSize();
        Optional<ServerBlockHashes> server = ServerBlockHashes.forTokenizer(tokenizer, new VllmBlockHashes(blockSize, seed));
        if (server.isEmpty()) {
            LOG.warn("{}.tokenizer: the gateway has no tokenizer '{}' (it carries the tiktoken encodings only), so it"
                    + " cannot compute the servers' block hashes; routing by prefix-hash instead", w, tokenizer);
            return Balancers.named("prefix-hash", staleAfter, 1);
        }
        String pattern = trimmed(kv.endpointPattern());
        Duration deafAfter = kv.deafAfter() == null ? KvEventSubscriber.DEFAULT_DEAF_AFTER : kv.deafAfter();
        KvEventFeed feed;
        try {
            feed = new KvEventFeed(new KvBlockIndex(), kv.topic().trim(), deafAfter, new Meters(pool));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(w + ": " + e.getMessage());
        }
        PoolFeed poolFeed = new PoolFeed(feed, pattern, w);
        feed.follow(poolFeed.publishers(entries, endpoints));
        pools.put(pool, poolFeed);
        return Balancers.kvPrefix(feed.index(), server.get());
    }

    /**
     * After a configuration refresh swapped the pool's endpoints: subscribes to the servers that
     * joined and closes the subscriptions of those that left (nothing for a pool without
     * kv-prefix). Throws, changing nothing, when a new endpoint has no publisher.
     */
    void follow(String pool, List<PoolConfig.EndpointEntry> entries, List<Endpoint> endpoints) {
        PoolFeed poolFeed = pools.get(pool);
        if (poolFeed != null) {
            poolFeed.feed().follow(poolFeed.publishers(entries, endpoints));
        }
    }

    /** One kv-prefix pool's subscriptions and how to find each server's publisher. */
    private record PoolFeed(KvEventFeed feed, String pattern, String where) {

        /** Each endpoint's base URL to its publisher: its own {@code kv-events}, else the pattern. */
        Map<String, String> publishers(List<PoolConfig.EndpointEntry> entries, List<Endpoint> endpoints) {
            Map<String, String> publishers = new LinkedHashMap<>();
            for (int i = 0; i < endpoints.size(); i++) {
                Endpoint endpoint = endpoints.get(i);
                String own = trimmed(entries.get(i).kvEvents());
                String zmq = own != null ? own
                        : pattern != null ? pattern.replace("{host}", endpoint.baseUrl().getHost()) : null;
                if (zmq == null) {
                    throw new ConfigurationException(where + ": no publisher for " + endpoint.baseUrl()
                            + " (set endpoint-pattern, or kv-events on the endpoint)");
                }
                publishers.put(endpoint.baseUrl().toString(), zmq);
            }
            return publishers;
        }
    }

    /** Each subscription's counters, registered while it is open and removed when it closes. */
    private final class Meters implements KvEventFeed.Listener {

        private final String pool;
        private final Map<KvEventSubscriber, List<Meter>> meters = new ConcurrentHashMap<>();

        Meters(String pool) {
            this.pool = pool;
        }

        @Override
        public void opened(KvEventSubscriber subscriber) {
            meters.put(subscriber, meter(pool, subscriber));
        }

        @Override
        public void closed(KvEventSubscriber subscriber) {
            List<Meter> gone = meters.remove(subscriber);
            if (gone != null) {
                gone.forEach(registry::remove);
            }
        }
    }

    private List<Meter> meter(String pool, KvEventSubscriber s) {
        String url = s.endpoint();
        return List.of(FunctionCounter.builder("gateway.kv_events.reconnects", s, KvEventSubscriber::reconnects)
                .description("KV-event subscriptions renewed because they had gone deaf")
                .tag("pool", pool).tag("endpoint", url).register(registry),
                FunctionCounter.builder("gateway.kv_events.batches", s, KvEventSubscriber::batches)
                .description("KV-event batches applied to the block index").tag("pool", pool).tag("endpoint", url)
                .register(registry),
                FunctionCounter.builder("gateway.kv_events.gaps", s, KvEventSubscriber::gaps)
                .description("Sequence gaps (lost KV events); each clears the endpoint's view").tag("pool", pool)
                .tag("endpoint", url).register(registry));
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Subscriptions open now, for tests and diagnostics. */
    public List<KvEventSubscriber> subscribers() {
        return pools.values().stream().flatMap(p -> p.feed().subscribers().stream()).toList();
    }

    @PreDestroy
    @Override
    public void close() {
        pools.values().forEach(p -> p.feed().close());
        pools.clear();
    }
}
