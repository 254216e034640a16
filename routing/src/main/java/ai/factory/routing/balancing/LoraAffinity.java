package ai.factory.routing.balancing;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LoRA-adapter affinity. A server holds at most {@code max_loras} adapters at once and pays a load
 * when it swaps one in, so an adapter's requests should gather on few servers. Each adapter (the
 * model name asked for) has a rendezvous order of endpoints ({@link Rendezvous}), the same on
 * every gateway instance; a request goes to the first endpoint in that order whose load is within
 * the bound ({@code factor ×} the average + {@code slack}), so an adapter stays on its first
 * server until that one is busy, then spreads to its second, and so on.
 *
 * <p>Among the endpoints within the bound, one that already reports the adapter in use
 * ({@code vllm:lora_requests_info}, when scraped) is preferred to a first choice that would have
 * to load it. Without a model name (a base-model request) the least loaded endpoint wins.
 */
public final class LoraAffinity implements Balancer {

    private final double factor;
    private final double slack;
    private final AtomicInteger rotation = new AtomicInteger();

    public LoraAffinity(double factor, double slack) {
        if (factor < 1 || slack < 0) {
            throw new IllegalArgumentException("lora-affinity: factor >= 1, slack >= 0");
        }
        this.factor = factor;
        this.slack = slack;
    }

    public LoraAffinity() {
        this(1.25, 1);
    }

    @Override
    public Endpoint acquire(List<Endpoint> endpoints, BalanceHints hints) {
        String adapter = hints.model();
        if (adapter == null || adapter.isEmpty()) {
            return Slots.acquire(endpoints, list -> Slots.leastLoaded(list, rotation.getAndIncrement()));
        }
        long key = Rendezvous.key(adapter);
        return Slots.acquire(endpoints, list -> pick(list, adapter, key));
    }

    private Endpoint pick(List<Endpoint> endpoints, String adapter, long key) {
        double bound = Rendezvous.bound(endpoints, factor, slack);
        Endpoint first = null;
        for (Endpoint e : Rendezvous.order(endpoints, key)) {
            if (!e.hasCapacity() || Rendezvous.loadWithThis(e) > bound) {
                continue;
            }
            ServerLoad load = e.serverLoad();
            if (load != null && load.loraAdapters().contains(adapter)) {
                return e;
            }
            if (first == null) {
                first = e;
            }
        }
        return first != null ? first : Slots.leastLoaded(endpoints, rotation.getAndIncrement());
    }

    @Override
    public String name() {
        return "lora-affinity";
    }
}
