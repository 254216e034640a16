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

    Engine(EmulatorConfig config) {
        this.config = config;
        this.faults = new FailureInjector(config.seed());
        this.scheduler = new BatchScheduler(config.batchSlots(), config.maxQueue());
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
        return metrics.render(config.primaryModel(), scheduler.running(), scheduler.waiting(), scheduler.slots());
    }
}
