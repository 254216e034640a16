package ai.factory.routing.fallback;

import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.Target;
import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.pool.Endpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Walks a model alias's targets in order until one answers. A target is skipped when its pool
 * has no free slot; it counts as failed when the call cannot connect, times out before the
 * response head, or answers 5xx or 429. Any other answer (2xx, or a 4xx that is the client's own
 * fault) is final. Nothing has reached the client while this runs, which is what makes a
 * fallback safe.
 */
public final class Router {

    /** Enough of an error body to say what went wrong, never a whole page. */
    private static final int ERROR_DETAIL_LIMIT = 512;

    private final BackendTransport transport;

    public Router(BackendTransport transport) {
        this.transport = transport;
    }

    /**
     * @param requestFor builds the request for a target (each pool may serve the alias under its
     *     own model name)
     */
    public CompletableFuture<RoutedReply> route(ModelAlias alias, Function<Target, BackendRequest> requestFor) {
        return attempt(alias, 0, requestFor, new ArrayList<>());
    }

    private CompletableFuture<RoutedReply> attempt(
            ModelAlias alias, int index, Function<Target, BackendRequest> requestFor, List<BackendFailure> failures) {
        if (index == alias.targets().size()) {
            return CompletableFuture.failedFuture(new AllTargetsFailed(alias.name(), failures));
        }
        Target target = alias.targets().get(index);
        Endpoint endpoint = target.pool().acquire();
        if (endpoint == null) {
            failures.add(new BackendFailure(BackendFailure.Kind.NO_CAPACITY, "pool " + target.pool().name(),
                    "all " + target.pool().endpoints().size() + " endpoints are at their concurrency limit"));
            return attempt(alias, index + 1, requestFor, failures);
        }
        CompletableFuture<BackendReply> sent;
        try {
            sent = transport.send(endpoint, requestFor.apply(target));
        } catch (RuntimeException e) {
            endpoint.release();
            return CompletableFuture.failedFuture(e);
        }
        return sent.handle((reply, error) -> {
            if (error != null) {
                endpoint.release();
                failures.add(asFailure(endpoint, error));
                return attempt(alias, index + 1, requestFor, failures);
            }
            if (reply.status() >= 500 || reply.status() == 429) {
                return failureOf(endpoint, reply).thenCompose(failure -> {
                    endpoint.release();
                    failures.add(failure);
                    return attempt(alias, index + 1, requestFor, failures);
                });
            }
            return CompletableFuture.completedFuture(new RoutedReply(reply, target, endpoint, failures));
        }).thenCompose(next -> next);
    }

    private static BackendFailure asFailure(Endpoint endpoint, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof BackendFailure failure) {
            return failure;
        }
        return new BackendFailure(BackendFailure.Kind.CONNECT, endpoint.toString(), 0, String.valueOf(cause), null, cause);
    }

    /** Reads at most a few hundred bytes of the error body, then drops the connection's rest. */
    private static CompletableFuture<BackendFailure> failureOf(Endpoint endpoint, BackendReply reply) {
        BackendFailure.Kind kind = reply.status() == 429 ? BackendFailure.Kind.OVERLOADED : BackendFailure.Kind.SERVER_ERROR;
        return reply.body()
                .reduce(new StringBuilder(), (text, buffer) -> append(text, buffer))
                .map(StringBuilder::toString)
                .defaultIfEmpty("")
                .onErrorReturn("")
                .map(detail -> new BackendFailure(kind, endpoint.toString(), reply.status(),
                        "HTTP " + reply.status() + (detail.isBlank() ? "" : " " + detail.strip()),
                        reply.header("retry-after"), null))
                .toFuture();
    }

    private static StringBuilder append(StringBuilder text, ByteBuffer buffer) {
        if (text.length() < ERROR_DETAIL_LIMIT) {
            byte[] bytes = new byte[Math.min(buffer.remaining(), ERROR_DETAIL_LIMIT - text.length())];
            buffer.get(bytes);
            text.append(new String(bytes, StandardCharsets.UTF_8));
        }
        return text;
    }
}
