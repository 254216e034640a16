package ai.factory.gateway.api.stage;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.api.Reply;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.ratelimit.RateLimiter;
import ai.factory.gateway.ratelimit.Reservation;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * Any stage's failure: the OpenAI error for the client, and (for an authenticated request) its
 * one usage event, from the furthest record the request reached.
 */
@Singleton
public class Fail {

    private final RateLimiter limiter;
    private final Settle settle;

    public Fail(RateLimiter limiter, Settle settle) {
        this.limiter = limiter;
        this.settle = settle;
    }

    /**
     * A failure of an authenticated request that never reached admission (a bad body, an unknown
     * or forbidden model or product) still counts against the tenant's limits like any other
     * request: admitted with no tokens, so it takes its place in the request rate and, while it is
     * answered, a concurrency slot. Without this, unknown names were a free, unlimited probe. A
     * tenant already at its limit gets the 429 instead.
     */
    public CompletableFuture<Reply> apply(Reached reached, Throwable failure) {
        if (reached.caller() == null || reached.admissionTried()) {
            return CompletableFuture.completedFuture(answer(reached, failure));
        }
        CompletableFuture<Reservation> admitted;
        try {
            admitted = limiter.reserve(reached.caller(), null, 0, 0, null, reached.requestId());
        } catch (RuntimeException e) {
            admitted = CompletableFuture.failedFuture(e);
        }
        return admitted.handle((reservation, refused) -> {
            if (refused == null) {
                return answer(new Refused(reached, reservation), failure);
            }
            return answer(new Refused(reached, null),
                    ErrorResponses.toGatewayError(refused).status() == 429 ? refused : failure);
        });
    }

    /** The error, after the usage event; a backend's held connection is given back first. */
    private Reply answer(Reached reached, Throwable failure) {
        GatewayError error = ErrorResponses.forTenant(failure, reached.requestId(), reached.trace());
        if (reached.reply() != null) {
            reached.reply().release();
        }
        settle.finish(reached, error.status() == 429 ? UsageEvent.REJECTED : UsageEvent.ERROR, error.status(), null,
                "slo_shed".equals(error.code()));
        return Reply.of(ErrorResponses.of(error));
    }
}
