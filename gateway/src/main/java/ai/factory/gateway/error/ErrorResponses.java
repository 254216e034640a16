package ai.factory.gateway.error;

import ai.factory.routing.fallback.AllTargetsFailed;
import ai.factory.routing.fallback.NoPermittedTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into OpenAI's error body {@code {"error":{"message","type","param","code"}}}
 * with the matching status. The single place where statuses for backend failures are decided.
 */
public final class ErrorResponses {

    /** Operator-only: what the backends said (see admin/OperatorDetailFilter). */
    public static final String DETAIL_HEADER = "x-gateway-error-detail";
    /** Operator-only: the endpoint that served the request. */
    public static final String ENDPOINT_HEADER = "x-gateway-endpoint";
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    public static MutableHttpResponse<byte[]> of(Throwable failure) {
        return of(toGatewayError(failure));
    }

    public static MutableHttpResponse<byte[]> of(GatewayError error) {
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(HttpStatus.valueOf(error.status()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(body(error));
        if (error.retryAfter() != null) {
            response.header("retry-after", error.retryAfter());
        }
        error.headers().forEach(response::header);
        return response;
    }

    public static byte[] body(GatewayError error) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode inner = root.putObject("error");
        inner.put("message", error.getMessage());
        inner.put("type", error.type());
        inner.put("param", error.param());
        inner.put("code", error.code());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static GatewayError toGatewayError(Throwable failure) {
        return toGatewayError(failure, null);
    }

    private static GatewayError toGatewayError(Throwable failure, String requestId) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayError error) {
            return error;
        }
        if (t instanceof AllTargetsFailed all) {
            return BackendErrors.of(all, requestId);
        }
        if (t instanceof NoPermittedTarget refused) {
            // The tenant's routing rules (allowed pools, data residency) leave no target for this model.
            return GatewayError.forbidden("model_not_allowed", "model", refused.getMessage());
        }
        LOG.error("unexpected failure on the request path", t);
        return new GatewayError(500, "server_error", "internal_error", null,
                "the gateway failed unexpectedly; the request id identifies it in the gateway's logs", null);
    }

    /**
     * The tenant's error for a failure on the request path; when the failure carries detail only
     * operators may see (the backends' errors), that detail goes to the log and the trace.
     */
    public static GatewayError forTenant(Throwable failure, String requestId, Context trace) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        GatewayError error = toGatewayError(t, requestId);
        if (t instanceof AllTargetsFailed all) {
            FailureReport.record(requestId, trace, error.code(), all.getMessage());
            // Stripped by admin/OperatorDetailFilter unless the operator asked for it.
            return error.withHeaders(Map.of(DETAIL_HEADER, FailureReport.headerValue(all.getMessage())));
        }
        return error;
    }
}
