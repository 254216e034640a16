package ai.factory.emulator;

/**
 * The emulated inference engine shared by every connection: the current configuration, the
 * batch, the failure dice and the counters. Configuration is swapped whole (it is immutable),
 * so a request sees one consistent version from parse to last token.
 */
final class Engine {

    private volatile EmulatorConfig config;
    private volatile FailureInjector faults;
    private volatile String lastTraceparent;
    private volatile boolean closing;
    private final BatchScheduler scheduler;
    private final Metrics metrics = new Metrics();
    /** Sized once at start: a GPU's memory does not change with a reconfigure. */
    private final PrefixCache prefixCache;
    private long prefillBusyUntilNanos;
    private long decodeStalledUntilNanos;
    /** Null unless KV events were asked for; sized and bound once, like the cache. */
    private final KvEventPublisher kvEvents;

    Engine(EmulatorConfig config) {
        this.config = config;
        this.kvEvents = config.kvEventsEndpoint().isEmpty() ? null
                : new KvEventPublisher(config.kvEventsEndpoint(), config.blockTokens());
        this.prefixCache = new PrefixCache(config.kvCacheBlocks(), kvEvents);
        this.faults = new FailureInjector(config.seed());
        this.scheduler = new BatchScheduler(config.batchSlots(), config.maxQueue(), config.maxLoras());
    }

    EmulatorConfig config() {
        return config;
    }

    /** Latency, batch, models and failures change at once; host and port cannot. */
    synchronized void reconfigure(EmulatorConfig next) {
        if (next.seed() != config.seed()) {
            faults = new FailureInjector(next.seed());
        }
        scheduler.resize(next.batchSlots(), next.maxQueue());
        config = next;
    }

    FailureInjector.Fault decideFault(EmulatorConfig current) {
        return faults.decide(current);
    }

    /** The bound KV-event address, or null when events are off. */
    String kvEventsEndpoint() {
        return kvEvents == null ? null : kvEvents.endpoint();
    }

    int kvEventSubscribers() {
        return kvEvents == null ? 0 : kvEvents.subscribers();
    }

    void closeKvEvents() {
        if (kvEvents != null) {
            kvEvents.close();
        }
    }

    PrefixCache prefixCache() {
        return prefixCache;
    }

    /**
     * Books {@code micros} of prefill on the GPU and returns the milliseconds until it is done.
     * Prefills queue behind each other: one GPU's compute does one prompt at a time, so a burst
     * of uncached prompts delays every first token behind it.
     */
    synchronized long reservePrefillMillis(long micros) {
        if (micros <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        prefillBusyUntilNanos = Math.max(now, prefillBusyUntilNanos) + micros * 1000;
        return (prefillBusyUntilNanos - now + 999_999) / 1_000_000;
    }

    /**
     * Books an adapter load and returns the milliseconds until it is done. It queues on the GPU
     * timeline like a prefill, and it also stalls decoding: vLLM loads an adapter inside the engine
     * step, so every running sequence waits for it.
     */
    synchronized long reserveAdapterLoadMillis(long millis) {
        long done = reservePrefillMillis(millis * 1000);
        decodeStalledUntilNanos = Math.max(decodeStalledUntilNanos, prefillBusyUntilNanos);
        return done;
    }

    /** The inter-token latency now: decoding slows as the batch fills, and waits out adapter loads. */
    long interTokenMillis(EmulatorConfig current) {
        long stall;
        synchronized (this) {
            stall = Math.max(0, (decodeStalledUntilNanos - System.nanoTime()) / 1_000_000);
        }
        double base = current.interTokenMillis();
        if (base == 0 || current.batchSlowdown() == 0) {
            return current.interTokenMillis() + stall;
        }
        double fill = scheduler.running() / (double) scheduler.slots();
        return Math.round(base * (1 + current.batchSlowdown() * Math.min(1.0, fill))) + stall;
    }

    BatchScheduler scheduler() {
        return scheduler;
    }

    Metrics metrics() {
        return metrics;
    }

    void traceparent(String value) {
        if (value != null) {
            lastTraceparent = value;
        }
    }

    String lastTraceparent() {
        return lastTraceparent;
    }

    boolean closing() {
        return closing;
    }

    void markClosing() {
        closing = true;
    }

    String renderMetrics() {
        double kvUsage = config.kvCacheBlocks() > 0 ? prefixCache.usage()
                : Math.min(1.0, scheduler.running() / (double) scheduler.slots());
        String page = metrics.render(config.primaryModel(), scheduler.running(), scheduler.waiting(), kvUsage);
        return scheduler.maxLoras() == 0 ? page : page + Metrics.loraInfo(scheduler.maxLoras(),
                scheduler.runningAdapters(), scheduler.waitingAdapters());
    }
}
