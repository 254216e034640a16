package ai.factory.emulator;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One admitted generation, from the waiting queue to its last token. It owns its batch slot
 * and gives it back exactly once, whichever way it ends: delivered, dropped on purpose, or
 * abandoned by the client. Everything after admission runs on the connection's event loop;
 * waiting is a scheduled timer, never a sleeping thread.
 */
abstract class Sequence implements BatchScheduler.Job {

    protected final Engine engine;
    protected final ResponseWriter writer;
    protected final GenerationPlan plan;
    protected final FailureInjector.Fault fault;
    protected final EmulatorConfig config;
    /** Tokens already sent (streams) or produced (plain responses), for the counters. */
    protected int emitted;
    private Future<?> timer;
    private boolean done;
    private PrefixCache.Lease lease = PrefixCache.Lease.NONE;
    /** Set by the scheduler before start: this sequence waits for its adapter to load. */
    private volatile boolean adapterLoaded;

    Sequence(Engine engine, ResponseWriter writer, GenerationPlan plan, FailureInjector.Fault fault,
            EmulatorConfig config) {
        this.engine = engine;
        this.writer = writer;
        this.plan = plan;
        this.fault = fault;
        this.config = config;
    }

    /** Asks for a batch slot; a full queue answers 429 at once. */
    final void submit() {
        BatchScheduler.Admission admission = engine.scheduler().submit(this);
        if (admission == BatchScheduler.Admission.REJECTED) {
            engine.metrics().rejected.increment();
            writer.respondError(ApiError.queueFull(engine.scheduler().waiting()));
            return;
        }
        writer.onClientGone(this::clientGone);
        admitted();
    }

    @Override
    public final String adapter() {
        return config.isAdapter(plan.model()) ? plan.model() : null;
    }

    @Override
    public final void adapterLoaded() {
        adapterLoaded = true;
    }

    /**
     * The adapter load this sequence waits for (0 when it was loaded already). Loads are booked on
     * the same GPU timeline as prefills and stall the batch's decoding ({@link
     * Engine#reserveAdapterLoadMillis}), so a server that keeps swapping adapters delays every
     * first token and every next token behind the swaps.
     */
    protected final long loraLoadMillis() {
        return adapterLoaded ? engine.reserveAdapterLoadMillis(config.loraLoadMillis()) : 0;
    }

    /** Runs once the request is admitted (running or waiting), before it has a slot. */
    void admitted() {
    }

    /** Runs on the event loop once the slot is granted. */
    abstract void begin();

    /**
     * Called by the scheduler, possibly from another connection's loop. Always hops to our
     * loop (even from it) so that {@link #admitted()} has run before {@link #begin()}.
     */
    @Override
    public final void start() {
        try {
            writer.executor().execute(() -> {
                if (!done) {
                    begin();
                }
            });
        } catch (RejectedExecutionException e) {
            // The emulator is shutting down and this connection's loop with it: nothing to run.
        }
    }

    /**
     * Called once the slot is granted: looks the prompt up in the prefix cache, pins its blocks,
     * and books the prefill of the uncached rest. Returns the milliseconds until that prefill is
     * done. Without a prefix cache (vLLM's {@code --no-enable-prefix-caching}) every prompt token
     * is computed: a server prefills whether or not it caches.
     */
    protected final long prefillMillis() {
        if (config.kvCacheBlocks() == 0 || plan.promptBlocks().length == 0) {
            return engine.reservePrefillMillis(Math.max(1, plan.promptTokens()) * config.prefillMicrosPerToken());
        }
        lease = engine.prefixCache().admit(plan.promptBlocks());
        int cachedTokens = Math.min(plan.promptTokens(), lease.hitBlocks() * config.blockTokens());
        engine.metrics().prefixQueryTokens.add(plan.promptTokens());
        engine.metrics().prefixHitTokens.add(cachedTokens);
        // At least one token is always computed, as vLLM recomputes the last one for its logits.
        long uncached = Math.max(1, plan.promptTokens() - cachedTokens);
        return engine.reservePrefillMillis(uncached * config.prefillMicrosPerToken());
    }

    /** Runs {@code step} after {@code millis} on the event loop, or right away for 0. */
    protected final void after(long millis, Runnable step) {
        if (millis <= 0) {
            step.run();
        } else {
            timer = writer.executor().schedule(step, millis, TimeUnit.MILLISECONDS);
        }
    }

    protected final boolean isDone() {
        return done;
    }

    /** Delivered in full: count it and free the slot. */
    protected final void completed() {
        if (end()) {
            engine.metrics().finished(plan.finishReason(), plan.promptTokens(), emitted);
        }
    }

    /** The injected drop: close the connection mid-generation. */
    protected final void dropped() {
        if (end()) {
            engine.metrics().dropped.increment();
            engine.metrics().generationTokens.add(emitted);
            writer.abort();
        }
    }

    private void clientGone() {
        if (end()) {
            engine.metrics().cancelled.increment();
            engine.metrics().generationTokens.add(emitted);
        }
    }

    private boolean end() {
        if (done) {
            return false;
        }
        done = true;
        if (timer != null) {
            timer.cancel(false);
        }
        engine.prefixCache().release(lease);
        lease = PrefixCache.Lease.NONE;
        engine.scheduler().withdraw(this);
        return true;
    }
}
