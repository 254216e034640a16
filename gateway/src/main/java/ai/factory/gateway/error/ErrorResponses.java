package ai.factory.gateway.error;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.fallback.AllTargetsFailed;
import ai.factory.routing.fallback.NoPermittedTarget;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into OpenAI's error body {@code {"error":{"message","type","param","code"}}}
 * with the matching status. The single place where statuses for backend failures are decided.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    public static MutableHttpResponse<byte[]> of(Throwable failure) {
        return of(toGatewayError(failure));
    }

    public static MutableHttpResponse<byte[]> of(GatewayError error) {
        MutableHttpResponse<byte[]> response = HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(error.status()))
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
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof GatewayError error) {
            return error;
        }
        if (t instanceof AllTargetsFailed all) {
            return fromBackend(all);
        }
        if (t instanceof NoPermittedTarget refused) {
            // The tenant's routing rules (allowed pools, data residency) leave no target for this model.
            return GatewayError.forbidden("model_not_allowed", "model", refused.getMessage());
        }
        LOG.error("unexpected failure on the request path", t);
        return new GatewayError(500, "server_error", "internal_error", null,
                "the gateway failed unexpectedly; the request id identifies it in the gateway's logs", null);
    }

    private static GatewayError fromBackend(AllTargetsFailed all) {
        BackendFailure last = all.last();
        return switch (last.kind()) {
            case TIMEOUT -> new GatewayError(504, "server_error", "backend_timeout", null, all.getMessage(), null);
            case NO_CAPACITY, OVERLOADED -> new GatewayError(503, "server_error", "backend_unavailable", null,
                    all.getMessage(), last.retryAfter() != null ? last.retryAfter() : "1");
            case CONNECT, SERVER_ERROR -> new GatewayError(502, "server_error", "backend_error", null, all.getMessage(), null);
        };
    }
}
