package ai.factory.simulation;

import ai.factory.routing.slo.TierObjective;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every knob of a simulation run, with defaults sized for a shared 2-core machine. Flags:
 * {@code --name=value} or {@code --name value}.
 *
 * <p>Capacity is the fleet's decode capacity with a full batch: {@code endpoints × slots /
 * (output tokens × itl × (1 + batch slowdown))}; {@code load} is the offered request rate as a
 * share of it. Prefill is not in it where the servers cache prefixes: whether prompts hit the
 * prefix cache is exactly what the balancers differ on. Where they do not (the lora and slo
 * workloads), every prompt is prefilled whole whatever the balancer, so that is in it.
 */
record Settings(
        int endpoints, int slots, int maxQueue, long ttftMs, long itlMs, double batchSlowdown, int outputTokens,
        long prefillUsPerToken, int kvBlocks, int blockTokens,
        double load, int durationS, int warmupS, int drainS,
        int products, int systemWords, int turns, int userWords, int assistantWords, long thinkMs, int uniqueWords,
        List<String> sharedBalancers, List<String> uniqueBalancers, long seed, Path out,
        List<String> suites, int instances, List<String> fleetBalancers,
        int loraProducts, int adapters, int maxLoras, long loraLoadMs, double loraLoad, int loraPromptWords,
        double sloLoad, long enterpriseTtftMs, long standardTtftMs, long freeTtftMs, double sloHeadroom,
        Map<String, String> flags) {

    static final String HELP = String.join("\n",
            "Usage: SimulationMain [--name=value ...]",
            "  fleet:    --endpoints 4 --slots 8 --max-queue 512 --ttft-ms 5 --itl-ms 40 --batch-slowdown 0.25",
            "            --output-tokens 16 --prefill-us-per-token 300 --kv-blocks 448 --block-tokens 16",
            "  run:      --load 0.8 --duration-s 20 --warmup-s 5 --drain-s 10 --seed 7",
            "  suites:   --suites shared,unique,fleet,lora,slo   (which workloads to run)",
            "  workload: --products 12 --system-words 1500 --turns 4 --user-words 20 --assistant-words 40",
            "            --think-ms 200 --unique-words 200",
            "  compare:  --shared round-robin,least-outstanding,p2c,queue-kv,session-affinity,prefix-aware",
            "            --unique round-robin,least-outstanding,prefix-aware   (empty = skip that workload)",
            "  fleet:    --instances 4 --fleet prefix-aware,prefix-hash,kv-prefix   (each at 1 and N instances)",
            "  lora:     --lora-products 24 --adapters 12 --max-loras 4 --lora-load-ms 150 --lora-load 0.8",
            "            --lora-prompt-words 100",
            "  slo:      --slo-load 1.3 --enterprise-ttft-ms 1000 --standard-ttft-ms 2000 --free-ttft-ms 4000",
            "            --slo-headroom 0.5",
            "  output:   --out load-tests/results");

    /** The same fleet and load for a few seconds, to warm the JVM up before measuring. */
    Settings warmUp() {
        Map<String, String> f = new HashMap<>(flags);
        f.put("duration-s", "8");
        f.put("warmup-s", "2");
        f.put("drain-s", "1");
        f.put("seed", Long.toString(seed + 1));
        return from(f);
    }

    double capacityPerSecond() {
        return capacityPerSecond(0);
    }

    /**
     * The capacity for a workload whose prompts are never cached (the fleet runs without a prefix
     * cache): each request also holds its slot while its whole prompt is prefilled.
     */
    double capacityPerSecond(double uncachedPromptTokens) {
        double requestSeconds = (outputTokens * itlMs * (1 + batchSlowdown) + uncachedPromptTokens * prefillUsPerToken / 1000.0)
                / 1000.0;
        return endpoints * slots / requestSeconds;
    }

    List<TierObjective> objectives() {
        return List.of(new TierObjective("enterprise", Duration.ofMillis(enterpriseTtftMs), 3),
                new TierObjective("standard", Duration.ofMillis(standardTtftMs), 2),
                new TierObjective("free", Duration.ofMillis(freeTtftMs), 1));
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
        return from(f);
    }

    private static Settings from(Map<String, String> given) {
        Map<String, String> f = new HashMap<>(given);
        Settings s = new Settings(
                i(f, "endpoints", 4), i(f, "slots", 8), i(f, "max-queue", 512), l(f, "ttft-ms", 5), l(f, "itl-ms", 40),
                d(f, "batch-slowdown", 0.25), i(f, "output-tokens", 16),
                l(f, "prefill-us-per-token", 300), i(f, "kv-blocks", 448), i(f, "block-tokens", 16),
                d(f, "load", 0.8), i(f, "duration-s", 20), i(f, "warmup-s", 5), i(f, "drain-s", 10),
                i(f, "products", 12), i(f, "system-words", 1500), i(f, "turns", 4), i(f, "user-words", 20),
                i(f, "assistant-words", 40), l(f, "think-ms", 200), i(f, "unique-words", 200),
                list(f, "shared", "round-robin,least-outstanding,p2c,queue-kv,session-affinity,prefix-aware"),
                list(f, "unique", "round-robin,least-outstanding,prefix-aware"),
                l(f, "seed", 7), Path.of(orDefault(f, "out", "load-tests/results")),
                list(f, "suites", "shared,unique,fleet,lora,slo"), i(f, "instances", 4),
                list(f, "fleet", "prefix-aware,prefix-hash,kv-prefix"),
                i(f, "lora-products", 24), i(f, "adapters", 12), i(f, "max-loras", 4), l(f, "lora-load-ms", 150),
                d(f, "lora-load", 0.8), i(f, "lora-prompt-words", 100),
                d(f, "slo-load", 1.3), l(f, "enterprise-ttft-ms", 1000), l(f, "standard-ttft-ms", 2000),
                l(f, "free-ttft-ms", 4000), d(f, "slo-headroom", 0.5), Map.copyOf(given));
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
