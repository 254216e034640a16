package ai.factory.routing.slo;

import java.time.Duration;
import java.util.Objects;

/**
 * A tier's promise: its time to first token within {@code ttft}. A higher {@code priority} is
 * served first when the pool cannot keep every promise.
 */
public record TierObjective(String tier, Duration ttft, int priority) {

    public TierObjective {
        Objects.requireNonNull(tier, "tier");
        if (ttft == null || ttft.isNegative() || ttft.isZero()) {
            throw new IllegalArgumentException("tier " + tier + ": the TTFT objective must be positive");
        }
    }
}
