package ai.factory.gateway.policy;

import ai.factory.gateway.accounting.Usd;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code gateway.tiers.<name>}: the default limits of a tier (free, standard, enterprise, …).
 * Cost budgets are in USD here, for people; the gateway counts nano-dollars.
 *
 * @param priority the tier's place in a saturated pool's wait queue and in SLO admission: higher is
 *     served first ({@value TierPriorities#DEFAULT} unless set)
 * @param ttftObjective the tier's time-to-first-token promise, for SLO-aware admission on pools that
 *     have it; null: none
 */
@EachProperty("gateway.tiers")
public record TierConfig(
        @Parameter String name,
        @Nullable Long rpm,
        @Nullable Long tpm,
        @Nullable Long concurrency,
        @Nullable Long dailyTokens,
        @Nullable Long monthlyTokens,
        @Nullable Double dailyCostUsd,
        @Nullable Double monthlyCostUsd,
        @Bindable(defaultValue = "1") int priority,
        @Nullable Duration ttftObjective) {

    public Limits limits() {
        return new Limits(rpm, tpm, concurrency, dailyTokens, monthlyTokens, Usd.toNanos(dailyCostUsd),
                Usd.toNanos(monthlyCostUsd));
    }
}
