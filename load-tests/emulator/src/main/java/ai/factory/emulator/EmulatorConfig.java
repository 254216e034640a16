package ai.factory.emulator;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Immutable settings of one emulator: where it listens, how fast it "generates", how big its
 * batch is, and which failures it injects. Built with {@link #builder()} or taken from a named
 * {@link #profile(String)}; {@link #toBuilder()} derives a variant for
 * {@link Emulator#reconfigure(EmulatorConfig)}.
 */
public final class EmulatorConfig {

    /** Model name listed by {@code GET /v1/models} when {@link #servedModels()} is empty. */
    public static final String DEFAULT_MODEL = "emulated-model";

    private final String host;
    private final int port;
    private final long ttftMillis;
    private final long interTokenMillis;
    private final int batchSlots;
    private final int maxQueue;
    private final int defaultMaxTokens;
    private final List<String> servedModels;
    private final int embeddingDimensions;
    private final double errorRate;
    private final int errorStatus;
    private final double spikeRate;
    private final long spikeMillis;
    private final double dropRate;
    private final int dropAfterTokens;
    private final long seed;
    private final int kvCacheBlocks;
    private final int blockTokens;
    private final long prefillMicrosPerToken;
    private final double batchSlowdown;
    private final String kvEventsEndpoint;
    private final int maxLoras;
    private final long loraLoadMillis;
    private final String kvHashSeed;

    private EmulatorConfig(Builder b) {
        this.host = Objects.requireNonNull(b.host, "host");
        this.port = check(b.port, 0, 65535, "port");
        this.ttftMillis = checkNonNegative(b.ttftMillis, "ttftMillis");
        this.interTokenMillis = checkNonNegative(b.interTokenMillis, "interTokenMillis");
        this.batchSlots = check(b.batchSlots, 1, Integer.MAX_VALUE, "batchSlots");
        this.maxQueue = check(b.maxQueue, 0, Integer.MAX_VALUE, "maxQueue");
        this.defaultMaxTokens = check(b.defaultMaxTokens, 1, Integer.MAX_VALUE, "defaultMaxTokens");
        this.servedModels = List.copyOf(b.servedModels);
        this.embeddingDimensions = check(b.embeddingDimensions, 1, 65536, "embeddingDimensions");
        this.errorRate = checkRate(b.errorRate, "errorRate");
        this.errorStatus = check(b.errorStatus, 400, 599, "errorStatus");
        this.spikeRate = checkRate(b.spikeRate, "spikeRate");
        this.spikeMillis = checkNonNegative(b.spikeMillis, "spikeMillis");
        this.dropRate = checkRate(b.dropRate, "dropRate");
        this.dropAfterTokens = check(b.dropAfterTokens, 0, Integer.MAX_VALUE, "dropAfterTokens");
        this.seed = b.seed;
        this.kvCacheBlocks = check(b.kvCacheBlocks, 0, Integer.MAX_VALUE, "kvCacheBlocks");
        this.blockTokens = check(b.blockTokens, 1, 4096, "blockTokens");
        this.prefillMicrosPerToken = checkNonNegative(b.prefillMicrosPerToken, "prefillMicrosPerToken");
        if (!(b.batchSlowdown >= 0.0)) {
            throw new IllegalArgumentException("batchSlowdown must be >= 0: " + b.batchSlowdown);
        }
        this.batchSlowdown = b.batchSlowdown;
        this.kvEventsEndpoint = Objects.requireNonNull(b.kvEventsEndpoint, "kvEventsEndpoint");
        this.maxLoras = check(b.maxLoras, 0, 1024, "maxLoras");
        this.loraLoadMillis = checkNonNegative(b.loraLoadMillis, "loraLoadMillis");
        this.kvHashSeed = b.kvHashSeed;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Named profiles: {@code fast} (no latency at all, to measure the gateway's own overhead),
     * {@code default} (TTFT 50 ms, 10 ms per token), {@code realistic} (TTFT 150 ms, 25 ms per
     * token, roughly a mid-size model on one GPU under load).
     */
    public static EmulatorConfig profile(String name) {
        return profileBuilder(name).build();
    }

    /** The builder of a named profile, to override a few fields (used by the command line). */
    public static Builder profileBuilder(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "fast":
                // Big batch and queue: a latency-free backend should never be the bottleneck.
                return builder().ttftMillis(0).interTokenMillis(0).batchSlots(4096).maxQueue(65536);
            case "default":
                return builder().ttftMillis(50).interTokenMillis(10).batchSlots(64).maxQueue(1024);
            case "realistic":
                return builder().ttftMillis(150).interTokenMillis(25).batchSlots(64).maxQueue(512);
            default:
                throw new IllegalArgumentException(
                        "unknown profile '" + name + "' (expected fast, default or realistic)");
        }
    }

    public Builder toBuilder() {
        return new Builder()
                .host(host).port(port).ttftMillis(ttftMillis).interTokenMillis(interTokenMillis)
                .batchSlots(batchSlots).maxQueue(maxQueue).defaultMaxTokens(defaultMaxTokens)
                .servedModels(servedModels).embeddingDimensions(embeddingDimensions)
                .errorRate(errorRate).errorStatus(errorStatus)
                .spikeRate(spikeRate).spikeMillis(spikeMillis)
                .dropRate(dropRate).dropAfterTokens(dropAfterTokens).seed(seed)
                .kvCacheBlocks(kvCacheBlocks).blockTokens(blockTokens)
                .prefillMicrosPerToken(prefillMicrosPerToken).batchSlowdown(batchSlowdown)
                .kvEventsEndpoint(kvEventsEndpoint).maxLoras(maxLoras).loraLoadMillis(loraLoadMillis).kvHashSeed(kvHashSeed);
    }

    public String host() { return host; }
    public int port() { return port; }
    public long ttftMillis() { return ttftMillis; }
    public long interTokenMillis() { return interTokenMillis; }
    public int batchSlots() { return batchSlots; }
    public int maxQueue() { return maxQueue; }
    public int defaultMaxTokens() { return defaultMaxTokens; }
    public List<String> servedModels() { return servedModels; }
    public int embeddingDimensions() { return embeddingDimensions; }
    public double errorRate() { return errorRate; }
    public int errorStatus() { return errorStatus; }
    public double spikeRate() { return spikeRate; }
    public long spikeMillis() { return spikeMillis; }
    public double dropRate() { return dropRate; }
    public int dropAfterTokens() { return dropAfterTokens; }
    public long seed() { return seed; }
    /** Prefix KV cache size in blocks; 0 = no prefix caching (every prompt token is then prefilled). */
    public int kvCacheBlocks() { return kvCacheBlocks; }
    /** Prompt tokens per KV block (vLLM's default is 16). */
    public int blockTokens() { return blockTokens; }
    /** Prefill cost per uncached prompt token; prefills run one at a time, like one GPU's compute. */
    public long prefillMicrosPerToken() { return prefillMicrosPerToken; }
    /** How much slower decoding gets with a full batch: itl × (1 + slowdown × running / slots). */
    public double batchSlowdown() { return batchSlowdown; }
    /** Where to publish vLLM-format KV events (a ZMQ bind address, {@code tcp://127.0.0.1:*} for any port); empty = off. */
    public String kvEventsEndpoint() { return kvEventsEndpoint; }
    /** LoRA adapters a batch may use at once (vLLM's {@code --max-loras}); 0 = no adapters modelled. */
    public int maxLoras() { return maxLoras; }
    /**
     * Null: block hashes of words (the emulator's own). Else vLLM's {@code sha256_cbor} block
     * hashes of cl100k_base token ids with this {@code PYTHONHASHSEED}, as a gateway can compute them.
     */
    public String kvHashSeed() { return kvHashSeed; }
    /** Time to swap an adapter into a free LoRA slot, added to the time to first token. */
    public long loraLoadMillis() { return loraLoadMillis; }

    /**
     * Whether a requested model is a LoRA adapter: with {@code maxLoras > 0}, every model that is
     * not one of the served (base) models, as vLLM serves each adapter under its own name.
     */
    boolean isAdapter(String model) {
        return maxLoras > 0 && !servedModels.contains(model);
    }

    /** True when {@code model} may be served: any model if no list was configured. */
    boolean serves(String model) {
        return servedModels.isEmpty() || servedModels.contains(model) || maxLoras > 0;
    }

    /** The name used for metric labels and {@code /v1/models}' first entry. */
    String primaryModel() {
        return servedModels.isEmpty() ? DEFAULT_MODEL : servedModels.get(0);
    }

    @Override
    public String toString() {
        return "EmulatorConfig{" + host + ":" + port + ", ttft=" + ttftMillis + "ms, itl="
                + interTokenMillis + "ms, slots=" + batchSlots + ", queue=" + maxQueue
                + ", defaultMaxTokens=" + defaultMaxTokens + ", models=" + servedModels
                + ", errorRate=" + errorRate + "/" + errorStatus + ", spikeRate=" + spikeRate
                + "/" + spikeMillis + "ms, dropRate=" + dropRate + "@" + dropAfterTokens
                + ", seed=" + seed + ", kvCacheBlocks=" + kvCacheBlocks + "x" + blockTokens
                + ", prefillUsPerToken=" + prefillMicrosPerToken + ", batchSlowdown=" + batchSlowdown
                + ", kvEvents=" + kvEventsEndpoint + ", maxLoras=" + maxLoras + "/" + loraLoadMillis + "ms}";
    }

    private static int check(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    private static long checkNonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }

    private static double checkRate(double value, String name) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
        return value;
    }

    /** Mutable builder; starts from the {@code default} profile's latencies. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private long ttftMillis = 50;
        private long interTokenMillis = 10;
        private int batchSlots = 64;
        private int maxQueue = 1024;
        private int defaultMaxTokens = 32;
        private List<String> servedModels = List.of();
        private int embeddingDimensions = 16;
        private double errorRate = 0;
        private int errorStatus = 500;
        private double spikeRate = 0;
        private long spikeMillis = 1000;
        private double dropRate = 0;
        private int dropAfterTokens = 3;
        private long seed = 42;
        private int kvCacheBlocks = 0;
        private int blockTokens = 16;
        private long prefillMicrosPerToken = 0;
        private double batchSlowdown = 0;
        private String kvEventsEndpoint = "";
        private int maxLoras = 0;
        private long loraLoadMillis = 0;
        private String kvHashSeed = null;

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder ttftMillis(long millis) { this.ttftMillis = millis; return this; }
        public Builder interTokenMillis(long millis) { this.interTokenMillis = millis; return this; }
        public Builder batchSlots(int slots) { this.batchSlots = slots; return this; }
        public Builder maxQueue(int maxQueue) { this.maxQueue = maxQueue; return this; }
        public Builder defaultMaxTokens(int tokens) { this.defaultMaxTokens = tokens; return this; }
        public Builder servedModels(List<String> models) { this.servedModels = List.copyOf(models); return this; }
        public Builder servedModels(String... models) { return servedModels(List.of(models)); }
        public Builder embeddingDimensions(int dims) { this.embeddingDimensions = dims; return this; }
        public Builder errorRate(double rate) { this.errorRate = rate; return this; }
        public Builder errorStatus(int status) { this.errorStatus = status; return this; }
        public Builder spikeRate(double rate) { this.spikeRate = rate; return this; }
        public Builder spikeMillis(long millis) { this.spikeMillis = millis; return this; }
        public Builder dropRate(double rate) { this.dropRate = rate; return this; }
        public Builder dropAfterTokens(int tokens) { this.dropAfterTokens = tokens; return this; }
        public Builder seed(long seed) { this.seed = seed; return this; }
        public Builder kvCacheBlocks(int blocks) { this.kvCacheBlocks = blocks; return this; }
        public Builder blockTokens(int tokens) { this.blockTokens = tokens; return this; }
        public Builder prefillMicrosPerToken(long micros) { this.prefillMicrosPerToken = micros; return this; }
        public Builder batchSlowdown(double slowdown) { this.batchSlowdown = slowdown; return this; }
        public Builder kvEventsEndpoint(String endpoint) { this.kvEventsEndpoint = endpoint; return this; }
        public Builder maxLoras(int slots) { this.maxLoras = slots; return this; }
        public Builder loraLoadMillis(long millis) { this.loraLoadMillis = millis; return this; }
        public Builder kvHashSeed(String seed) { this.kvHashSeed = seed; return this; }

        public EmulatorConfig build() {
            return new EmulatorConfig(this);
        }
    }
}
