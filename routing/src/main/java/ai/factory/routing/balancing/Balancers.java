package ai.factory.routing.balancing;

import ai.factory.routing.kvevents.KvBlockIndex;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Builds a balancer from its configuration name; one instance per pool (they keep per-pool state). */
public final class Balancers {

    public static final List<String> NAMES = List.of(
            "round-robin", "least-outstanding", "p2c", "queue-kv", "prefix-aware", "session-affinity",
            "prefix-hash", "kv-prefix", "lora-affinity");

    /** Leading blocks of the prefix-hash key: about 500 bytes (or 128 tokens) of the prompt. */
    public static final int PREFIX_KEY_BLOCKS = 8;

    private Balancers() {
    }

    /**
     * @param metricsStaleAfter for {@code queue-kv}: scrapes older than this count as saturated
     * @param prefixIndexBlocks for {@code prefix-aware}: blocks remembered per endpoint
     */
    public static Balancer named(String name, Duration metricsStaleAfter, int prefixIndexBlocks) {
        return named(name, metricsStaleAfter, prefixIndexBlocks, null);
    }

    /**
     * @param kvEvents for {@code kv-prefix}: the servers' KV events, kept up to date by a
     *     {@link ai.factory.routing.kvevents.KvEventSubscriber} per endpoint
     */
    public static Balancer named(String name, Duration metricsStaleAfter, int prefixIndexBlocks,
            KvBlockIndex kvEvents) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "round-robin" -> new RoundRobin();
            case "least-outstanding", "weighted-least-outstanding" -> new WeightedLeastOutstanding();
            case "p2c", "power-of-two-choices" -> new PowerOfTwoChoices();
            case "queue-kv" -> new QueueKvAware(metricsStaleAfter);
            case "prefix-aware" -> new PrefixAware(prefixIndexBlocks, 4, 0.1);
            case "session-affinity" -> new SessionAffinity();
            case "prefix-hash" -> new PrefixHash(PREFIX_KEY_BLOCKS, 1.25, 2, null);
            case "kv-prefix" -> {
                if (kvEvents == null) {
                    throw new IllegalArgumentException("balancer 'kv-prefix' needs the servers' KV events and their own"
                            + " block hashes of each prompt: a kv-events block on the pool");
                }
                yield new PrefixHash(PREFIX_KEY_BLOCKS, 1.25, 2, kvEvents);
            }
            case "lora-affinity" -> new LoraAffinity();
            default -> throw new IllegalArgumentException("unknown balancer '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /**
     * {@code kv-prefix} on a gateway pool: the servers' events in {@code index}, and each prompt
     * hashed as the servers hash it ({@link ai.factory.routing.kvevents.ServerBlockHashes}).
     */
    public static Balancer kvPrefix(ai.factory.routing.kvevents.KvBlockIndex index,
            java.util.function.Function<CharSequence, long[]> serverBlocks) {
        return new PrefixHash(PREFIX_KEY_BLOCKS, 1.25, 2, index, serverBlocks);
    }

    /** Whether the balancer needs each endpoint's {@code /metrics} scraped. */
    public static boolean needsServerMetrics(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        // The hashing balancers bound load by the servers' own counts, shared by every instance.
        return List.of("queue-kv", "lora-affinity", "prefix-hash", "kv-prefix").contains(n);
    }
}
