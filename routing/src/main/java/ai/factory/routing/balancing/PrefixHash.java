package ai.factory.routing.balancing;

import ai.factory.routing.kvevents.KvBlockIndex;
import ai.factory.routing.pool.Endpoint;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Prefix routing that holds across gateway instances: the prompt's leading blocks (the hash of
 * block {@code keyBlocks - 1}, which chains all before it) are a key, and the key's rendezvous
 * order ({@link Rendezvous}) says where it goes. Every instance computes the same order, so a
 * shared prefix lands on the same server whichever instance took the request, with no shared
 * state. Bounded load keeps a hot prefix from swamping its server: an endpoint above
 * {@code factor ×} the average load (+ {@code slack}) is skipped for the next in the key's order,
 * which is also the same on every instance.
 *
 * <p>With a {@link KvBlockIndex} fed by the servers' KV events ({@code kv-prefix}), the order is
 * refined by what the servers actually hold: among the endpoints within the bound, the one whose
 * cache holds the longest leading part of the prompt wins, ties going to the less loaded, then to
 * the key's order. The
 * events are the same for every subscriber, so this stays consistent across instances, and it
 * follows spills and evictions that a hash alone cannot see. The prompt's blocks must then be the
 * servers' own block hashes.
 *
 * <p>A prompt shorter than one block has no key and goes to the least loaded endpoint.
 */
public final class PrefixHash implements Balancer {

    private final int keyBlocks;
    private final double factor;
    private final double slack;
    private final KvBlockIndex events;
    private final Function<CharSequence, long[]> serverBlocks;
    private final AtomicInteger rotation = new AtomicInteger();

    /**
     * @param keyBlocks leading blocks that make the key: enough to tell system prompts apart,
     *     few enough that a conversation's later turns keep the key of its first
     * @param events the servers' KV events, or null to route by the hash alone
     */
    public PrefixHash(int keyBlocks, double factor, double slack, KvBlockIndex events) {
        this(keyBlocks, factor, slack, events, null);
    }

    /**
     * @param serverBlocks the servers' own block hashes of a rendered prompt
     *     ({@link ai.factory.routing.kvevents.ServerBlockHashes}), used instead of the request's
     *     prefix blocks when the hints carry the prompt; null when the prefix blocks already are
     *     the servers' hashes
     */
    public PrefixHash(int keyBlocks, double factor, double slack, KvBlockIndex events,
            Function<CharSequence, long[]> serverBlocks) {
        if (keyBlocks < 1 || factor < 1 || slack < 0) {
            throw new IllegalArgumentException("prefix-hash: key blocks >= 1, factor >= 1, slack >= 0");
        }
        this.keyBlocks = keyBlocks;
        this.factor = factor;
        this.slack = slack;
        this.events = events;
        this.serverBlocks = serverBlocks;
    }

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        long[] blocks = serverBlocks != null && hints.prompt() != null
                ? serverBlocks.apply(hints.prompt()) : hints.prefixBlocks();
        if (blocks.length == 0) {
            return Slots.acquire(endpoints, list -> Slots.leastLoaded(list, rotation.getAndIncrement()));
        }
        long key = blocks[Math.min(keyBlocks, blocks.length) - 1];
        Endpoint chosen = Slots.acquire(endpoints, list -> pick(list, blocks, key));
        if (chosen != null && events != null) {
            // Lets the endpoint's subscriber notice a connection that no longer delivers.
            events.routed(chosen.baseUrl().toString());
        }
        return chosen;
    }

    private Endpoint pick(List<Endpoint> endpoints, long[] blocks, long key) {
        double bound = Rendezvous.bound(endpoints, factor, slack);
        List<Endpoint> order = Rendezvous.order(endpoints, key);
        Endpoint first = null;
        Endpoint cached = null;
        int cachedBlocks = 0;
        for (Endpoint e : order) {
            if (!e.hasCapacity() || Rendezvous.loadWithThis(e) > bound) {
                continue;
            }
            if (first == null) {
                first = e;
            }
            if (events != null) {
                int matched = events.matched(e.baseUrl().toString(), blocks);
                // Equal matches (a hot prefix cached in two places): the less loaded one.
                if (matched > cachedBlocks || (matched == cachedBlocks && matched > 0
                        && Rendezvous.loadWithThis(e) < Rendezvous.loadWithThis(cached))) {
                    cachedBlocks = matched;
                    cached = e;
                }
            }
        }
        if (cached != null) {
            return cached;
        }
        return first != null ? first : Slots.leastLoaded(endpoints, rotation.getAndIncrement());
    }

    @Override
    public String name() {
        return events == null ? "prefix-hash" : "kv-prefix";
    }
}
