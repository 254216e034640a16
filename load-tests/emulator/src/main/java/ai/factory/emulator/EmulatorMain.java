package ai.factory.emulator;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one emulator from the command line until the process is killed:
 * {@code java -jar emulator-all.jar --port 8000 --profile realistic --error-rate 0.05}.
 * The profile is applied first, then every other flag overrides it, in any order.
 */
public final class EmulatorMain {

    static final String USAGE = String.join("\n",
            "Usage: EmulatorMain [flags]   (flags also accept --name=value)",
            "  --host H            bind address (default 127.0.0.1; 0.0.0.0 for all interfaces)",
            "  --port N            port (default 8000; 0 = any free port)",
            "  --profile P         fast | default | realistic (default: default)",
            "  --ttft-ms N         time to first token, ms",
            "  --itl-ms N          inter-token latency, ms",
            "  --slots N           batch slots (sequences generating at once)",
            "  --max-queue N       waiting queue capacity; beyond it 429 + retry-after",
            "  --max-tokens N      tokens generated when a request sets no max_tokens (default 32)",
            "  --models a,b        models served (default: any; unknown ones get 404)",
            "  --embedding-dims N  embedding vector size (default 16)",
            "  --error-rate X      share of requests answered with --error-status (0..1)",
            "  --error-status N    status of injected errors (default 500)",
            "  --spike-rate X      share of requests with extra latency before the first token",
            "  --spike-ms N        that extra latency, ms (default 1000)",
            "  --drop-rate X       share of requests whose connection is closed mid-generation",
            "  --drop-after N      tokens sent before such a drop (default 3)",
            "  --seed N            seed of the failure dice and of generated text (default 42)",
            "  --kv-cache-blocks N prefix KV cache size in blocks (default 0 = no prefix cache)",
            "  --block-size N      prompt tokens per KV block (default 16)",
            "  --prefill-us-per-token N  prefill cost per uncached prompt token, microseconds (default 0)",
            "  --batch-slowdown X  decode slows to itl x (1 + X x running/slots) (default 0)",
            "  --kv-events ADDR    publish vLLM KV events on this ZMQ bind address, e.g. tcp://*:5557 (default off)",
            "  --kv-hash-seed S    hash KV blocks as vLLM's sha256_cbor with PYTHONHASHSEED=S over cl100k_base",
            "                      token ids (default: the emulator's own hash of words)",
            "  --max-loras N       LoRA adapters a batch may use at once; other model names are adapters (default 0 = off)",
            "  --lora-load-ms N    time to swap an adapter in, added to its first token (default 0)",
            "  --help              this text");

    private EmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorConfig config;
        try {
            Map<String, String> flags = parse(args);
            if (flags.containsKey("help")) {
                System.out.println(USAGE);
                return;
            }
            config = configure(flags);
        } catch (IllegalArgumentException e) {
            System.err.println("emulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        Emulator emulator = Emulator.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-shutdown"));
        System.out.println("emulator listening on " + emulator.baseUrl() + " " + config);
        emulator.awaitClose();
    }

    /** Flags to a config: profile first, then overrides. Package-private for tests. */
    static EmulatorConfig configure(Map<String, String> flags) {
        EmulatorConfig.Builder b = EmulatorConfig.profileBuilder(flags.getOrDefault("profile", "default"))
                .port(8000);
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            String v = flag.getValue();
            switch (flag.getKey()) {
                case "profile": break;
                case "host": b.host(v); break;
                case "port": b.port(integer(flag)); break;
                case "ttft-ms": b.ttftMillis(integer(flag)); break;
                case "itl-ms": b.interTokenMillis(integer(flag)); break;
                case "slots": b.batchSlots(integer(flag)); break;
                case "max-queue": b.maxQueue(integer(flag)); break;
                case "max-tokens": b.defaultMaxTokens(integer(flag)); break;
                case "models": b.servedModels(v.isBlank() ? List.of() : Arrays.asList(v.split("\\s*,\\s*"))); break;
                case "embedding-dims": b.embeddingDimensions(integer(flag)); break;
                case "error-rate": b.errorRate(decimal(flag)); break;
                case "error-status": b.errorStatus(integer(flag)); break;
                case "spike-rate": b.spikeRate(decimal(flag)); break;
                case "spike-ms": b.spikeMillis(integer(flag)); break;
                case "drop-rate": b.dropRate(decimal(flag)); break;
                case "drop-after": b.dropAfterTokens(integer(flag)); break;
                case "seed": b.seed(Long.parseLong(v)); break;
                case "kv-cache-blocks": b.kvCacheBlocks(integer(flag)); break;
                case "block-size": b.blockTokens(integer(flag)); break;
                case "prefill-us-per-token": b.prefillMicrosPerToken(integer(flag)); break;
                case "batch-slowdown": b.batchSlowdown(decimal(flag)); break;
                case "kv-events": b.kvEventsEndpoint(v); break;
                case "kv-hash-seed": b.kvHashSeed(v); break;
                case "max-loras": b.maxLoras(integer(flag)); break;
                case "lora-load-ms": b.loraLoadMillis(integer(flag)); break;
                default: throw new IllegalArgumentException("unknown flag --" + flag.getKey());
            }
        }
        return b.build();
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            if (name.equals("help")) {
                flags.put(name, "");
            } else if (name.contains("=")) {
                flags.put(name.substring(0, name.indexOf('=')), name.substring(name.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("flag --" + name + " needs a value");
            }
        }
        return flags;
    }

    private static int integer(Map.Entry<String, String> flag) {
        try {
            return Integer.parseInt(flag.getValue().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag.getKey() + " needs an integer: " + flag.getValue());
        }
    }

    private static double decimal(Map.Entry<String, String> flag) {
        try {
            return Double.parseDouble(flag.getValue().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag.getKey() + " needs a number: " + flag.getValue());
        }
    }
}
