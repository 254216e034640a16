package ai.factory.gateway.api;

import ai.factory.gateway.api.stage.Admit;
import ai.factory.gateway.api.stage.Admitted;
import ai.factory.gateway.api.stage.Arrival;
import ai.factory.gateway.api.stage.Authenticate;
import ai.factory.gateway.api.stage.Authenticated;
import ai.factory.gateway.api.stage.Fail;
import ai.factory.gateway.api.stage.Parse;
import ai.factory.gateway.api.stage.Parsed;
import ai.factory.gateway.api.stage.Reached;
import ai.factory.gateway.api.stage.Relay;
import ai.factory.gateway.api.stage.Resolve;
import ai.factory.gateway.api.stage.Resolved;
import ai.factory.gateway.api.stage.Route;
import ai.factory.gateway.api.stage.Routed;
import ai.factory.gateway.api.stage.Terms;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.http.RequestIds;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The request path as a chain, in the README's order: {@link Authenticate} → {@link Parse} →
 * {@link Resolve} → {@link Admit} → {@link Route} → {@link Relay} → {@link ai.factory.gateway.api.stage.Settle}.
 * Each stage takes the record the one before it made and makes the next; a stage's failure goes
 * to {@link Fail} with the furthest record reached, so its usage event says how far it got.
 * Nothing here but the order: every step is in its stage, and none blocks.
 */
@Singleton
public class ProxyPipeline {

    private final Authenticate authenticate;
    private final Parse parse;
    private final Resolve resolve;
    private final Admit admit;
    private final Route route;
    private final Relay relay;
    private final Fail fail;

    public ProxyPipeline(Authenticate authenticate, Parse parse, Resolve resolve, Admit admit, Route route, Relay relay,
            Fail fail) {
        this.authenticate = authenticate;
        this.parse = parse;
        this.resolve = resolve;
        this.admit = admit;
        this.route = route;
        this.relay = relay;
        this.fail = fail;
    }

    /** An OpenAI API call: the body as the client sent it. */
    public CompletableFuture<MutableHttpResponse<?>> handle(HttpRequest<?> http, Operation operation, byte[] body) {
        Arrival arrival = Arrival.of(http, RequestIds.of(http), null, null);
        return next(arrival, () -> authenticate.apply(arrival, http),
                authenticated -> fromParse(authenticated, () -> parse.apply(authenticated, operation, body)))
                .thenApply(Reply::http);
    }

    /**
     * A call whose body the gateway built (a product, a chat message, an MCP tool), for an already
     * authenticated caller: it joins the chain after the parse. {@code http} (may be null) gives the
     * client's cache-control, session and request id headers.
     */
    public CompletableFuture<Reply> call(HttpRequest<?> http, PipelineCall call) {
        Authenticated authenticated = new Authenticated(
                Arrival.of(http, call.requestId(), call.channel(), call.endUser()), call.caller());
        return fromParse(authenticated, () -> new Parsed(authenticated, call.request(), call.terms()));
    }

    /**
     * A request that was authenticated but refused before it reached the request path (a product
     * call with invalid input, say) still gets its one usage event.
     */
    public CompletableFuture<MutableHttpResponse<?>> refuse(HttpRequest<?> http, String requestId, Caller caller,
            String product, Throwable failure) {
        return refuse(http, requestId, caller, product, failure, null, null);
    }

    /** The same, for a call that came through {@code channel} for a (hashed) end user. */
    public CompletableFuture<MutableHttpResponse<?>> refuse(HttpRequest<?> http, String requestId, Caller caller,
            String product, Throwable failure, String channel, String endUser) {
        Arrival arrival = Arrival.of(http, requestId, channel, endUser);
        Terms terms = new Terms(product, null, null, answer -> true, null);
        return fail.apply(new Parsed(new Authenticated(arrival, caller), null, terms), failure).thenApply(Reply::http);
    }

    // The links, one per stage, each naming the record its stage starts from.

    private CompletableFuture<Reply> fromParse(Authenticated authenticated, Supplier<Parsed> parsing) {
        return next(authenticated, now(parsing), this::resolving);
    }

    private CompletableFuture<Reply> resolving(Parsed parsed) {
        return next(parsed, now(() -> resolve.apply(parsed)), this::admitting);
    }

    private CompletableFuture<Reply> admitting(Resolved resolved) {
        return next(resolved, () -> admit.apply(resolved), this::routing);
    }

    /** A cache hit skips the backend: the stored answer is relayed instead. */
    private CompletableFuture<Reply> routing(Admitted admitted) {
        if (admitted.cachedAnswer() != null) {
            return next(admitted, now(() -> relay.replay(admitted)), CompletableFuture::completedFuture);
        }
        return next(admitted, () -> route.apply(admitted), this::relaying);
    }

    private CompletableFuture<Reply> relaying(Routed routed) {
        return next(routed, () -> relay.apply(routed), CompletableFuture::completedFuture);
    }

    /** A stage that answers at once, as a link. */
    private static <T> Supplier<CompletableFuture<T>> now(Supplier<T> stage) {
        return () -> CompletableFuture.completedFuture(stage.get());
    }

    /**
     * One link: run {@code stage}; its result goes on to {@code rest}, its failure (thrown or
     * completed with) to {@link Fail} with {@code reached}, the record the stage started from.
     */
    private <T> CompletableFuture<Reply> next(Reached reached, Supplier<CompletableFuture<T>> stage,
            Function<T, CompletableFuture<Reply>> rest) {
        CompletableFuture<T> result;
        try {
            result = stage.get();
        } catch (RuntimeException e) {
            return fail.apply(reached, e);
        }
        return result.handle((value, failure) -> failure != null ? fail.apply(reached, failure) : rest.apply(value))
                .thenCompose(Function.identity());
    }
}
