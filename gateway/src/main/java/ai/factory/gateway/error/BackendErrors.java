package ai.factory.gateway.error;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.fallback.AllTargetsFailed;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a tenant is told when the factory's backends fail: the model alias, the pools tried, a
 * stable code and where to find the rest (the request id). Never an endpoint address, a
 * backend's error text or an exception message: those describe the operator's machines, and go
 * to the log and the trace ({@link FailureReport}).
 */
public final class BackendErrors {

    private BackendErrors() {
    }

    static GatewayError of(AllTargetsFailed all, String requestId) {
        BackendFailure last = all.last();
        String message = "model '" + all.alias() + "': " + (all.attempts().size() == 1 ? "the backend failed"
                : "all " + all.attempts().size() + " attempts failed") + " (pools tried: " + String.join(", ", pools(all))
                + "); " + see(requestId);
        return switch (last.kind()) {
            case TIMEOUT -> new GatewayError(504, "server_error", "backend_timeout", null, message, null);
            case NO_CAPACITY, OVERLOADED -> new GatewayError(503, "server_error", "backend_unavailable", null,
                    message, last.retryAfter() != null ? last.retryAfter() : "1");
            // SLO admission held this tier back to keep a higher tier's promise: retrying later may succeed.
            case SHED -> new GatewayError(503, "server_error", "slo_shed", null, "model '" + all.alias()
                    + "': the pool is overloaded and requests of your tier are shed first to keep the latency"
                    + " objectives; retry after retry-after (" + see(requestId) + ")",
                    last.retryAfter() != null ? last.retryAfter() : "1");
            case CONNECT, SERVER_ERROR -> new GatewayError(502, "server_error", "backend_error", null, message, null);
        };
    }

    /**
     * A backend refused the pool's own credential (401/403). That is the operator's configuration,
     * not the tenant's key: a 502, so SDKs do not tell the user their API key is wrong.
     */
    public static GatewayError credentialRefused(String pool, String requestId) {
        return new GatewayError(502, "server_error", "backend_auth_error", null, "the backend of pool '" + pool
                + "' refused the gateway's own credentials (not your API key); " + see(requestId), null);
    }

    /** An answer that broke off or a stream cut mid-way, for the tenant. */
    public static GatewayError brokeOff(String pool, String code, String what, String requestId) {
        return new GatewayError(502, "server_error", code, null, what + " (pool '" + pool + "'); " + see(requestId), null);
    }

    private static String see(String requestId) {
        return requestId == null ? "the request id identifies the details in the gateway's logs"
                : "request id " + requestId + " identifies the details in the gateway's logs";
    }

    /** The pool's name in a failure's {@code where}: {@code pool@http://host:port} or {@code pool name}. */
    static String pool(String where) {
        if (where == null) {
            return "?";
        }
        if (where.startsWith("pool ")) {
            return where.substring(5);
        }
        int at = where.indexOf('@');
        return at > 0 ? where.substring(0, at) : where;
    }

    private static Set<String> pools(AllTargetsFailed all) {
        Set<String> pools = new LinkedHashSet<>();
        all.attempts().forEach(attempt -> pools.add(pool(attempt.where())));
        return pools;
    }
}
