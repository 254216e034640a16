package ai.factory.observability.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps one metric label's values to a bounded set: the {@code topN} values with the most traffic
 * keep their own label, every other value is reported as {@value #OTHER}. Each distinct label
 * value is a time series in Prometheus, so ten thousand tenants must not mean ten thousand series
 * per metric; the few tenants that carry the load are the ones worth a line on a dashboard.
 *
 * <p>While fewer than {@code topN} values have been seen, each new one gets a slot at once (a
 * small deployment sees every tenant by name). Once the slots are full, {@link #refresh()} (called
 * on a schedule) re-ranks by traffic since the last refresh, with older traffic halved each time,
 * and gives the slots to the busiest. Pinned values always keep their own label.
 *
 * <p>{@link #label(String)} is on the request path: lock-free except when a free slot is claimed.
 */
public final class TopNLabels {

    public static final String OTHER = "other";
    /** The label of a missing value (a request with no product, say). */
    public static final String NONE = "none";

    private final int topN;
    private final Set<String> pinned;
    private final int maxTracked;
    private final Map<String, LongAdder> traffic = new ConcurrentHashMap<>();
    private volatile Set<String> kept = ConcurrentHashMap.newKeySet();

    /**
     * @param topN how many values keep their own label besides the pinned ones; 0 reports all as {@value #OTHER}
     * @param pinned values that always keep their own label (an operator's key accounts, say)
     */
    public TopNLabels(int topN, Set<String> pinned) {
        if (topN < 0) {
            throw new IllegalArgumentException("topN must be >= 0: " + topN);
        }
        this.topN = topN;
        this.pinned = Set.copyOf(pinned);
        // Enough to rank fairly, bounded so that a flood of one-off tenants cannot grow the map without end.
        this.maxTracked = Math.max(1_000, topN * 20);
    }

    /** Counts one request for {@code value} and returns the label to report it under. */
    public String label(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        count(value);
        if (pinned.contains(value)) {
            return value;
        }
        Set<String> current = kept;
        if (current.contains(value)) {
            return value;
        }
        if (current.size() < topN && claimSlot(current, value)) {
            return value;
        }
        return OTHER;
    }

    /** Re-ranks by recent traffic: the busiest {@code topN} values keep their own label from now on. */
    public void refresh() {
        List<Map.Entry<String, Long>> ranked = new ArrayList<>();
        traffic.forEach((value, adder) -> {
            long count = adder.sumThenReset();
            if (count > 0) {
                ranked.add(Map.entry(value, count));
            }
        });
        ranked.sort(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        Set<String> next = ConcurrentHashMap.newKeySet();
        for (Map.Entry<String, Long> entry : ranked) {
            if (next.size() >= topN) {
                break;
            }
            if (!pinned.contains(entry.getKey())) {
                next.add(entry.getKey());
            }
        }
        // Halve the history rather than forget it, so one quiet minute does not cost a busy tenant its label.
        traffic.clear();
        for (Map.Entry<String, Long> entry : ranked) {
            long decayed = entry.getValue() / 2;
            if (decayed > 0) {
                LongAdder adder = new LongAdder();
                adder.add(decayed);
                traffic.put(entry.getKey(), adder);
            }
        }
        kept = next;
    }

    /** The values that currently keep their own label, pinned ones included. */
    public Set<String> kept() {
        Set<String> all = new TreeSet<>(kept);
        all.addAll(pinned);
        return all;
    }

    private void count(String value) {
        LongAdder adder = traffic.get(value);
        if (adder == null) {
            if (traffic.size() >= maxTracked) {
                return;
            }
            adder = traffic.computeIfAbsent(value, v -> new LongAdder());
        }
        adder.increment();
    }

    private synchronized boolean claimSlot(Set<String> current, String value) {
        if (current != kept) {
            // A refresh swapped the set meanwhile; the value competes in the next ranking instead.
            return kept.contains(value);
        }
        if (current.size() >= topN) {
            return current.contains(value);
        }
        current.add(Objects.requireNonNull(value));
        return true;
    }
}
