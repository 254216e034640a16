package ai.factory.gateway.observe.metrics;

import static ai.factory.observability.GatewayMetrics.COST_UNIT;
import static ai.factory.observability.GatewayMetrics.TAG_TENANT;
import static ai.factory.observability.GatewayMetrics.TAG_WINDOW;
import static ai.factory.observability.GatewayMetrics.TENANT_BUDGET;

import ai.factory.gateway.accounting.Usd;
import ai.factory.gateway.policy.Limits;
import ai.factory.gateway.policy.PolicyCache;
import ai.factory.observability.labels.TopNLabels;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cost budgets of the tenants that have their own metric label, as gauges in dollars, so the
 * "budget nearly spent" alert can divide spend ({@code gateway_cost_dollars_total}) by budget.
 * Read from the policy cache on a schedule, never on the request path. Tenants reported as
 * "other" have no budget gauge: their spend is not told apart either.
 */
@Singleton
public class BudgetGauges {

    private final PolicyCache policies;
    private final TopNLabels tenants;
    private final MeterRegistry registry;
    /** tenant + window → budget in dollars; gauges read from here. */
    private final Map<String, Double> budgets = new ConcurrentHashMap<>();

    public BudgetGauges(PolicyCache policies, TopNLabels tenants, MeterRegistry registry) {
        this.policies = policies;
        this.tenants = tenants;
        this.registry = registry;
    }

    @Scheduled(fixedDelay = "${gateway.observability.budget-refresh:60s}", initialDelay = "5s")
    void refresh() {
        for (String tenant : tenants.kept()) {
            policies.policy(tenant).thenAccept(policy -> {
                Limits limits = policy.tenant();
                publish(tenant, "daily", limits.dailyCostNanos());
                publish(tenant, "monthly", limits.monthlyCostNanos());
            });
        }
    }

    private void publish(String tenant, String window, Long nanos) {
        String key = tenant + '\n' + window;
        if (nanos == null) {
            budgets.remove(key);
            return;
        }
        if (budgets.put(key, Usd.fromNanos(nanos)) == null) {
            Gauge.builder(TENANT_BUDGET, budgets, b -> b.getOrDefault(key, Double.NaN)).baseUnit(COST_UNIT)
                    .description("The tenant's cost budget").tags(TAG_TENANT, tenant, TAG_WINDOW, window)
                    .register(registry);
        }
    }
}
