package ai.factory.routing.fallback;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.slo.SloGate;
import ai.factory.routing.tenant.TenantRule;
import ai.factory.routing.tenant.TenantRules;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Walks a model alias's targets in order until one answers (see {@link RouteAttempt} for what
 * counts as an answer, a retry and a fallback). Completes once a response head is accepted and
 * before any of its body is read: nothing has reached the client while this runs, which is what
 * makes every retry and fallback here safe.
 */
public final class Router {

    private final Map<Protocol, BackendTransport> transports;
    private final TenantRules tenantRules;
    private final Map<String, SloGate> gates;

    /**
     * @param transports the transport of each pool protocol (OpenAI-compatible HTTP, LangChain4j providers)
     * @param gates SLO-aware admission of the pools that have it, by pool name
     */
    public Router(Map<Protocol, BackendTransport> transports, TenantRules tenantRules, Map<String, SloGate> gates) {
        this.transports = Map.copyOf(transports);
        this.tenantRules = tenantRules;
        this.gates = Map.copyOf(gates);
    }

    public Router(Map<Protocol, BackendTransport> transports, TenantRules tenantRules) {
        this(transports, tenantRules, Map.of());
    }

    public Router(BackendTransport transport, TenantRules tenantRules) {
        this(Map.of(Protocol.OPENAI, transport), tenantRules);
    }

    public Router(BackendTransport transport) {
        this(transport, TenantRules.NONE);
    }

    /**
     * @param requestFor builds the request for a target (each pool may serve the alias under its
     *     own model name)
     */
    public CompletableFuture<RoutedReply> route(ModelAlias alias, Function<Target, BackendRequest> requestFor) {
        return route(alias, RouteHints.NONE, requestFor);
    }

    /**
     * As {@link #route(ModelAlias, Function)}, with what the request path knows about the request:
     * the tenant (its routing rule: allowed pools, data residency), session and prompt prefix (for
     * the balancers), prompt size (context windows) and priority (wait queues). Fails with
     * {@link NoPermittedTarget} when the tenant's rule leaves no target, with
     * {@link AllTargetsFailed} when every target failed.
     */
    public CompletableFuture<RoutedReply> route(ModelAlias alias, RouteHints hints,
            Function<Target, BackendRequest> requestFor) {
        TenantRule rule = hints.tenantRule() != null ? hints.tenantRule() : tenantRules.forTenant(hints.tenantId());
        List<Target> plan = FallbackPlan.of(alias, rule, hints.promptTokens());
        if (plan.isEmpty()) {
            return CompletableFuture.failedFuture(new NoPermittedTarget(alias.name(), hints.tenantId()));
        }
        if (hints.adapter() != null) {
            plan = hints.adapter().servedBy(plan);
            if (plan.isEmpty()) {
                return CompletableFuture.failedFuture(new NoPermittedTarget(alias.name(), hints.tenantId(), hints.adapter()));
            }
        }
        return new RouteAttempt(transports, gates, alias.name(), plan, hints, requestFor).start();
    }
}
