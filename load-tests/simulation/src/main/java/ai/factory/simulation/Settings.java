package ai.factory.simulation;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every knob of a simulation run, with defaults sized for a shared 2-core machine (about four
 * and a half minutes for all runs). Flags: {@code --name=value} or {@code --name value}.
 *
 * <p>Capacity is the fleet's decode capacity with a full batch: {@code endpoints × slots /
 * (output tokens × itl × (1 + batch slowdown))}; {@code load} is the offered request rate as a
 * share of it. Prefill is not in it: whether prompts hit the prefix cache is exactly what the
 * balancers differ on.
 */
record Settings(
        int endpoints, int slots, int maxQueue, long ttftMs, long itlMs, double batchSlowdown, int outputTokens,
        long prefillUsPerToken, int kvBlocks, int blockTokens,
        double load, int durationS, int warmupS, int drainS,
        int products, int systemWords, int turns, int userWords, int assistantWords, long thinkMs, int uniqueWords,
        List<String> sharedBalancers, List<String> uniqueBalancers, long seed, Path out) {

    static final String HELP = String.join("\n",
            "Usage: SimulationMain [--name=value ...]",
            "  fleet:    --endpoints 4 --slots 8 --max-queue 512 --ttft-ms 5 --itl-ms 40 --batch-slowdown 0.25",
            "            --output-tokens 16 --prefill-us-per-token 300 --kv-blocks 448 --block-tokens 16",
            "  run:      --load 0.8 --duration-s 20 --warmup-s 5 --drain-s 10 --seed 7",
            "  workload: --products 12 --system-words 1500 --turns 4 --user-words 20 --assistant-words 40",
            "            --think-ms 200 --unique-words 200",
            "  compare:  --shared round-robin,least-outstanding,p2c,queue-kv,session-affinity,prefix-aware",
            "            --unique round-robin,least-outstanding,prefix-aware   (empty = skip that workload)",
            "  output:   --out load-tests/results");

    /** The same fleet and load for a few seconds, to warm the JVM up before measuring. */
    Settings warmUp() {
        return new Settings(endpoints, slots, maxQueue, ttftMs, itlMs, batchSlowdown, outputTokens, prefillUsPerToken,
                kvBlocks, blockTokens, load, 8, 2, 1, products, systemWords, turns, userWords, assistantWords, thinkMs,
                uniqueWords, sharedBalancers, uniqueBalancers, seed + 1, out);
    }

    double capacityPerSecond() {
        double requestSeconds = outputTokens * itlMs * (1 + batchSlowdown) / 1000.0;
        return endpoints * slots / requestSeconds;
    }

    static Settings parse(String[] args) {
        Map<String, String> f = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + HELP);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                f.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                f.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("flag " + arg + " needs a value\n" + HELP);
            }
        }
        Settings s = new Settings(
                i(f, "endpoints", 4), i(f, "slots", 8), i(f, "max-queue", 512), l(f, "ttft-ms", 5), l(f, "itl-ms", 40),
                d(f, "batch-slowdown", 0.25), i(f, "output-tokens", 16),
                l(f, "prefill-us-per-token", 300), i(f, "kv-blocks", 448), i(f, "block-tokens", 16),
                d(f, "load", 0.8), i(f, "duration-s", 20), i(f, "warmup-s", 5), i(f, "drain-s", 10),
                i(f, "products", 12), i(f, "system-words", 1500), i(f, "turns", 4), i(f, "user-words", 20),
                i(f, "assistant-words", 40), l(f, "think-ms", 200), i(f, "unique-words", 200),
                list(f, "shared", "round-robin,least-outstanding,p2c,queue-kv,session-affinity,prefix-aware"),
                list(f, "unique", "round-robin,least-outstanding,prefix-aware"),
                l(f, "seed", 7), Path.of(orDefault(f, "out", "load-tests/results")));
        if (!f.isEmpty()) {
            throw new IllegalArgumentException("unknown flags " + f.keySet() + "\n" + HELP);
        }
        return s;
    }

    private static String orDefault(Map<String, String> f, String name, String fallback) {
        String v = f.remove(name);
        return v == null ? fallback : v;
    }

    private static int i(Map<String, String> f, String name, int fallback) {
        String v = f.remove(name);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }

    private static long l(Map<String, String> f, String name, long fallback) {
        String v = f.remove(name);
        return v == null ? fallback : Long.parseLong(v.trim());
    }

    private static double d(Map<String, String> f, String name, double fallback) {
        String v = f.remove(name);
        return v == null ? fallback : Double.parseDouble(v.trim());
    }

    private static List<String> list(Map<String, String> f, String name, String fallback) {
        String v = f.remove(name);
        String text = v == null ? fallback : v;
        return text.isBlank() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
    }
}
