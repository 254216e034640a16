package ai.factory.routing.kvevents;

import java.util.List;

/**
 * One published message: vLLM's {@code KVEventBatch}.
 *
 * @param ts the server's wall clock when it published, in seconds
 * @param events in the order the server applied them
 * @param dataParallelRank the engine's data-parallel rank, or null when it sent none
 */
public record KvEventBatch(double ts, List<KvEvent> events, Integer dataParallelRank) {

    public KvEventBatch {
        events = List.copyOf(events);
    }
}
