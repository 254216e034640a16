package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.PriceList;
import ai.factory.gateway.api.Operation;
import ai.factory.gateway.api.ParsedRequest;
import ai.factory.gateway.config.GatewayConfig;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.ClientIds;
import ai.factory.gateway.ratelimit.OutputCeilings;
import ai.factory.products.TokenCounter;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import jakarta.inject.Singleton;

/**
 * Stage 3: the model name becomes a route the caller may use, and the call is sized for
 * admission. Everything refused here (unknown or forbidden model, impossible max_tokens, an
 * oversized session id) is refused before anything is reserved.
 */
@Singleton
public class Resolve {

    private final RouteTable routes;
    private final TokenCounter tokens;
    private final PriceList prices;
    private final GatewayConfig config;
    private final OutputCeilings ceilings;

    public Resolve(RouteTable routes, TokenCounter tokens, PriceList prices, GatewayConfig config,
            OutputCeilings ceilings) {
        this.routes = routes;
        this.tokens = tokens;
        this.prices = prices;
        this.config = config;
        this.ceilings = ceilings;
    }

    public Resolved apply(Parsed parsed) {
        String session = parsed.arrival().sessionId();
        if (session != null) {
            // It is hashed into the balancer's affinity key: bounded before it gets there.
            ClientIds.token(Arrival.SESSION_HEADER, session);
        }
        ParsedRequest request = parsed.request();
        ModelAlias alias = alias(parsed, request.model());
        long promptTokens = request.promptTokens();
        UsageCeiling ceiling = UsageCeiling.of(request.fields(), promptTokens + request.extraPromptTokens(),
                request.operation() == Operation.EMBEDDINGS, parsed.terms().maxOutputTokens(),
                config.defaultMaxTokens(), ceilings.of(alias), tokens::count);
        long cost = prices.rate(request.model()).cost(ceiling.promptTokens(), ceiling.outputTokens(), 0);
        return new Resolved(parsed, alias, promptTokens, ceiling, cost);
    }

    private ModelAlias alias(Parsed parsed, String model) {
        ModelAlias alias = routes.alias(model).orElseThrow(() -> GatewayError.notFound("model_not_found", "model",
                "the model '" + model + "' does not exist; GET /v1/models lists the models this key may use"));
        if (!parsed.caller().mayUse(model)) {
            throw GatewayError.forbidden("model_not_allowed", "model",
                    "this API key may not use the model '" + model + "'");
        }
        return alias;
    }
}
