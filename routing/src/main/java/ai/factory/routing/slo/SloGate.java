package ai.factory.routing.slo;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.pool.Pool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * {@link SloAdmission} on one pool's request path: before a request is sent to the pool, its
 * tier's decision on the pool's predicted wait. Admitted, the future completes at once; held, the
 * decision is taken again {@code recheckMillis} later (on a timer, never blocking a thread);
 * refused, it fails with a {@link BackendFailure.Kind#SHED} failure carrying the retry delay.
 */
public final class SloGate {

    private final SloAdmission admission;
    private final WaitPredictor predictor;
    private final long recheckMillis;
    private final Executor timer;

    public SloGate(SloAdmission admission, WaitPredictor predictor, long recheckMillis) {
        if (recheckMillis < 1) {
            throw new IllegalArgumentException("the recheck interval must be positive");
        }
        this.admission = admission;
        this.predictor = predictor;
        this.recheckMillis = recheckMillis;
        this.timer = CompletableFuture.delayedExecutor(recheckMillis, TimeUnit.MILLISECONDS);
    }

    /** Completes when a request of {@code tier} may be sent to {@code pool}; fails with SHED when refused. */
    public CompletableFuture<Void> enter(Pool pool, String tier) {
        CompletableFuture<Void> admitted = new CompletableFuture<>();
        decide(pool, tier, System.nanoTime(), admitted);
        return admitted;
    }

    private void decide(Pool pool, String tier, long arrivedNanos, CompletableFuture<Void> admitted) {
        long now = System.nanoTime();
        double predicted = predictor.waitMillis(pool.endpoints(), now);
        SloAdmission.Decision decision = admission.decide(tier, predicted,
                TimeUnit.NANOSECONDS.toMillis(now - arrivedNanos), recheckMillis);
        switch (decision.kind()) {
            case ADMIT -> admitted.complete(null);
            case WAIT -> timer.execute(() -> decide(pool, tier, arrivedNanos, admitted));
            case REFUSE -> admitted.completeExceptionally(new BackendFailure(BackendFailure.Kind.SHED, "pool " + pool.name(),
                    503, "predicted wait " + Math.round(predicted) + " ms would break the TTFT objective of tier '"
                            + admission.objective(tier).tier() + "' or of a higher tier",
                    Long.toString(decision.retryAfter().toSeconds()), null));
        }
    }

    public WaitPredictor predictor() {
        return predictor;
    }

    public SloAdmission admission() {
        return admission;
    }
}
