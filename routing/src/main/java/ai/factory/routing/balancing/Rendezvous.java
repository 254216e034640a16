package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest-random-weight) hashing: every endpoint gets a score from the key and its own
 * address, and the order of scores is the key's preference list. Every gateway instance computes
 * the same list with no shared state, and removing an endpoint moves only the keys it was first
 * for. Bounded load (Mirrokni et al., "Consistent Hashing with Bounded Loads") is applied by the
 * callers: they walk the list and skip endpoints above their bound. Load is the servers' own
 * (scraped) where fresh, so that instances that each see a share of the traffic still agree.
 */
final class Rendezvous {

    private Rendezvous() {
    }

    /** The endpoints in the key's order of preference. */
    static List<Endpoint> order(List<Endpoint> endpoints, long key) {
        List<Endpoint> list = new ArrayList<>(endpoints);
        list.sort(Comparator.comparingLong((Endpoint e) -> score(key, e)).reversed());
        return list;
    }

    static long score(long key, Endpoint endpoint) {
        return mix(key ^ mix(endpoint.baseUrl().toString().hashCode() * 0x9E3779B97F4A7C15L));
    }

    static long key(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001B3L;
        }
        return mix(h);
    }

    /** Murmur3's finalizer. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /**
     * The most in-flight requests (per unit of weight) an endpoint may carry and still be chosen
     * for its key: {@code factor} times the pool's average with this request counted, plus
     * {@code slack} so that small counts (a quiet pool, one instance's share of a busy one) do not
     * scatter keys on noise.
     */
    static double bound(List<Endpoint> endpoints, double factor, double slack) {
        double total = 1;
        double weight = 0;
        long now = System.nanoTime();
        for (Endpoint e : endpoints) {
            total += load(e, now);
            weight += e.weight();
        }
        return factor * total / Math.max(1, weight) + slack;
    }

    /**
     * An endpoint's load per unit of weight, counting the request about to be sent: the server's
     * own count of running and waiting sequences when a fresh scrape has it (the same for every
     * gateway instance, so they agree on who is over the bound), else this instance's in-flight
     * count, and never less than the latter (it sees what was sent since the scrape).
     */
    static double loadWithThis(Endpoint e) {
        return (load(e, System.nanoTime()) + 1) / e.weight();
    }

    private static double load(Endpoint e, long now) {
        ServerLoad server = e.serverLoad();
        if (server != null && now - server.scrapedAtNanos() <= STALE_NANOS) {
            return Math.max(e.inFlight(), server.running() + server.waiting());
        }
        return e.inFlight();
    }

    /** Scrapes older than this are ignored: a second is five gateway scrape intervals. */
    private static final long STALE_NANOS = 1_000_000_000L;
}
