package ai.factory.emulator;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * vLLM's LoRA slots, reduced to what changes latency: at most {@code maxLoras} adapters are
 * loaded at once, a sequence can run only when its adapter is loaded or can be (a free slot, or a
 * loaded adapter no running sequence uses, evicted least recently used first), and loading one
 * costs time. Not thread-safe: the {@link BatchScheduler} calls it under its lock.
 */
final class LoraSlots {

    private final int maxLoras;
    /** Loaded adapters, least recently used first. */
    private final LinkedHashSet<String> loaded = new LinkedHashSet<>();
    private final Map<String, Integer> running = new HashMap<>();

    LoraSlots(int maxLoras) {
        this.maxLoras = maxLoras;
    }

    boolean canRun(String adapter) {
        if (adapter == null || loaded.contains(adapter) || loaded.size() < maxLoras) {
            return true;
        }
        for (String a : loaded) {
            if (running.getOrDefault(a, 0) == 0) {
                return true;
            }
        }
        return false;
    }

    /** Marks a sequence of {@code adapter} running; true when the adapter had to be loaded for it. */
    boolean acquire(String adapter) {
        if (adapter == null) {
            return false;
        }
        running.merge(adapter, 1, Integer::sum);
        if (loaded.remove(adapter)) {
            loaded.add(adapter);
            return false;
        }
        if (loaded.size() >= maxLoras) {
            for (Iterator<String> it = loaded.iterator(); it.hasNext(); ) {
                if (running.getOrDefault(it.next(), 0) == 0) {
                    it.remove();
                    break;
                }
            }
        }
        loaded.add(adapter);
        return true;
    }

    void release(String adapter) {
        if (adapter != null) {
            running.computeIfPresent(adapter, (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Adapters with running sequences, sorted, for {@code vllm:lora_requests_info}. */
    Set<String> runningAdapters() {
        return new TreeSet<>(running.keySet());
    }

    int maxLoras() {
        return maxLoras;
    }
}
