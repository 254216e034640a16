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
 * <p>Among the endpoints within the bound, in that order, the first that already reports the
 * adapter in use ({@code vllm:lora_requests_info}, when scraped) wins; else the first with room
 * for one more adapter ({@code max_lora} not reached), since loading into a full server evicts an
 * adapter or waits, and stalls its batch; else the first in the order. This is llm-d's LoRA
 * affinity order, on top of a placement that every gateway instance computes alike. Without a
 * model name (a base-model request) the least loaded endpoint wins.
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
        Endpoint withRoom = null;
        for (Endpoint e : Rendezvous.order(endpoints, key)) {
            if (!e.hasCapacity() || Rendezvous.loadWithThis(e) > bound) {
                continue;
            }
            ServerLoad load = e.serverLoad();
            if (load != null && load.loraAdapters().contains(adapter)) {
                return e;
            }
            if (withRoom == null && load != null && load.hasLoraRoom()) {
                withRoom = e;
            }
            if (first == null) {
                first = e;
            }
        }
        if (withRoom != null) {
            return withRoom;
        }
        return first != null ? first : Slots.leastLoaded(endpoints, rotation.getAndIncrement());
    }

    @Override
    public String name() {
        return "lora-affinity";
    }
}
