package ai.factory.routing.fallback;

import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import ai.factory.routing.slo.SloGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One request's walk through its fallback plan. Per target, up to the pool's {@code maxAttempts}
 * different endpoints are tried; then the next target.
 * <ul>
 *   <li>connect error or reset, 5xx, 429: another endpoint of the same pool, else the next target.
 *       A 429 keeps its endpoint out for its {@code retry-after};</li>
 *   <li>no response head in time: the next target (the wait already spent the budget);</li>
 *   <li>every endpoint full, unhealthy or with its circuit open: the next target;</li>
 *   <li>400 {@code context_length_exceeded}: the next target, which may have a longer context;
 *       on the last target the 400 is the client's answer;</li>
 *   <li>anything else (2xx, other 4xx) is final.</li>
 * </ul>
 * Runs on whatever thread completes the previous step; never blocks.
 */
final class RouteAttempt {

    private final Map<Protocol, BackendTransport> transports;
    private final Map<String, SloGate> gates;
    private final String alias;
    private final List<Target> plan;
    private final RouteHints hints;
    private final Function<Target, BackendRequest> requestFor;
    private final List<BackendFailure> failures = new ArrayList<>();

    RouteAttempt(Map<Protocol, BackendTransport> transports, Map<String, SloGate> gates, String alias, List<Target> plan,
            RouteHints hints, Function<Target, BackendRequest> requestFor) {
        this.transports = transports;
        this.gates = gates;
        this.alias = alias;
        this.plan = plan;
        this.hints = hints;
        this.requestFor = requestFor;
    }

    CompletableFuture<RoutedReply> start() {
        return target(0);
    }

    private CompletableFuture<RoutedReply> target(int index) {
        if (index == plan.size()) {
            return CompletableFuture.failedFuture(new AllTargetsFailed(alias, failures));
        }
        return endpoint(index, new HashSet<>());
    }

    private CompletableFuture<RoutedReply> endpoint(int index, Set<Endpoint> tried) {
        Target target = plan.get(index);
        Pool pool = target.pool();
        if (tried.size() >= pool.settings().maxAttempts()) {
            return target(index + 1);
        }
        SloGate gate = gates.get(pool.name());
        CompletableFuture<Void> entered = gate == null || !tried.isEmpty() || hints.tier() == null
                ? CompletableFuture.completedFuture(null) : gate.enter(pool, hints.tier());
        return entered.thenCompose(go -> PoolAdmission.acquire(pool, target.servedModel(), hints, tried)).handle((endpoint, error) -> {
            if (error != null) {
                // Shed by SLO admission, or from the pool's wait queue (full, or waited too long): the next target.
                failures.add(asFailure("pool " + pool.name(), error));
                return target(index + 1);
            }
            if (endpoint == null) {
                if (tried.isEmpty()) {
                    failures.add(new BackendFailure(BackendFailure.Kind.NO_CAPACITY, "pool " + pool.name(),
                            pool.unavailableReason(tried)));
                }
                return target(index + 1);
            }
            tried.add(endpoint);
            return send(index, tried, target, endpoint);
        }).thenCompose(next -> next);
    }

    private CompletableFuture<RoutedReply> send(int index, Set<Endpoint> tried, Target target, Endpoint endpoint) {
        Pool pool = target.pool();
        long started = System.nanoTime();
        CompletableFuture<BackendReply> sent;
        boolean streamed;
        try {
            BackendRequest request = requestFor.apply(target);
            streamed = request.stream();
            if (pool.settings().firstByteTimeout() != null) {
                request = request.withFirstByteTimeout(pool.settings().firstByteTimeout());
            }
            BackendTransport transport = transports.get(pool.protocol());
            if (transport == null) {
                throw new IllegalStateException("no transport for pool protocol " + pool.protocol());
            }
            sent = transport.send(endpoint, request);
        } catch (RuntimeException e) {
            endpoint.guard().cancel();
            endpoint.release();
            return CompletableFuture.failedFuture(e);
        }
        return sent.handle((reply, error) -> {
            long took = System.nanoTime() - started;
            if (error != null) {
                BackendFailure failure = asFailure(endpoint.toString(), error);
                endpoint.guard().onFailure(took, failure);
                endpoint.release();
                failures.add(failure);
                return failure.kind() == BackendFailure.Kind.TIMEOUT ? target(index + 1) : endpoint(index, tried);
            }
            if (reply.status() >= 500 || reply.status() == 429) {
                return refused(index, tried, endpoint, reply, took);
            }
            if (reply.status() == 400 && index + 1 < plan.size()) {
                return clientError(index, target, endpoint, reply, took, started);
            }
            endpoint.guard().onSuccess(took);
            RoutedReply answer = answer(reply, target, endpoint, started);
            SloGate gate = gates.get(pool.name());
            if (gate != null && streamed && reply.status() == 200) {
                // A stream's first chunk to its last is its slot time: what the wait predictor learns.
                answer.observeSlotTime(gate.predictor()::completed);
            }
            return CompletableFuture.completedFuture(answer);
        }).thenCompose(next -> next);
    }

    /** 5xx or 429: note why, then another endpoint of the pool (or the next target). */
    private CompletableFuture<RoutedReply> refused(int index, Set<Endpoint> tried, Endpoint endpoint,
            BackendReply reply, long took) {
        boolean overloaded = reply.status() == 429;
        BackendFailure.Kind kind = overloaded ? BackendFailure.Kind.OVERLOADED : BackendFailure.Kind.SERVER_ERROR;
        return ErrorBodies.read(reply, ErrorBodies.DETAIL_LIMIT).thenCompose(body -> {
            String detail = ErrorBodies.text(body);
            BackendFailure failure = new BackendFailure(kind, endpoint.toString(), reply.status(),
                    "HTTP " + reply.status() + (detail.isEmpty() ? "" : " " + detail), reply.header("retry-after"), null);
            if (overloaded) {
                endpoint.guard().onOverloaded(ErrorBodies.retryAfter(reply.header("retry-after")));
            } else {
                endpoint.guard().onFailure(took, failure);
            }
            endpoint.release();
            failures.add(failure);
            return endpoint(index, tried);
        });
    }

    /** A 400 with a later target left: a context overflow moves on, any other 400 is relayed as sent. */
    private CompletableFuture<RoutedReply> clientError(int index, Target target, Endpoint endpoint,
            BackendReply reply, long took, long started) {
        return ErrorBodies.read(reply, ErrorBodies.KEEP_LIMIT).thenCompose(body -> {
            endpoint.guard().onSuccess(took);
            if (!ErrorBodies.isContextLengthExceeded(body)) {
                return CompletableFuture.completedFuture(answer(ErrorBodies.replay(reply, body), target, endpoint, started));
            }
            endpoint.release();
            String detail = ErrorBodies.text(body);
            failures.add(new BackendFailure(BackendFailure.Kind.SERVER_ERROR, endpoint.toString(), 400,
                    "HTTP 400 context_length_exceeded, trying a target with a longer context: "
                            + detail.substring(0, Math.min(detail.length(), ErrorBodies.DETAIL_LIMIT)), null, null));
            return target(index + 1);
        });
    }

    private RoutedReply answer(BackendReply reply, Target target, Endpoint endpoint, long started) {
        Duration limit = target.pool().settings().callTimeout();
        Duration remaining = limit == null ? null : limit.minusNanos(System.nanoTime() - started);
        return new RoutedReply(reply, target, endpoint, failures, remaining);
    }

    private static BackendFailure asFailure(String where, Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof BackendFailure failure) {
            return failure;
        }
        return new BackendFailure(BackendFailure.Kind.CONNECT, where, 0, String.valueOf(cause), null, cause);
    }
}
