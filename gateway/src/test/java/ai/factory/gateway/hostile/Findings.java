package ai.factory.gateway.hostile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Broken invariants, collected rather than thrown at the first one, so one run names every hole
 * it found (with a few example inputs each) before the test fails.
 */
final class Findings {

    private static final int EXAMPLES = 6;

    private final Map<String, Integer> counts = new TreeMap<>();
    private final Map<String, List<String>> examples = new TreeMap<>();

    synchronized void add(String invariant, String example) {
        counts.merge(invariant, 1, Integer::sum);
        List<String> list = examples.computeIfAbsent(invariant, k -> new ArrayList<>());
        if (list.size() < EXAMPLES) {
            list.add(example.length() > 400 ? example.substring(0, 400) + "…" : example);
        }
    }

    void check(boolean holds, String invariant, String example) {
        if (!holds) {
            add(invariant, example);
        }
    }

    synchronized boolean isEmpty() {
        return counts.isEmpty();
    }

    @Override
    public synchronized String toString() {
        StringBuilder out = new StringBuilder();
        counts.forEach((invariant, n) -> {
            out.append("\n  BROKEN ").append(invariant).append(" (").append(n).append("×)");
            for (String e : examples.get(invariant)) {
                out.append("\n      e.g. ").append(e.replace("\r", "\\r").replace("\n", "\\n"));
            }
        });
        return out.toString();
    }
}
