package ai.factory.gateway.openapi;

import static ai.factory.gateway.openapi.J.arr;
import static ai.factory.gateway.openapi.J.integer;
import static ai.factory.gateway.openapi.J.obj;
import static ai.factory.gateway.openapi.J.ref;
import static ai.factory.gateway.openapi.J.string;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every operation shares: the error body, the response headers (request id, rate limits,
 * cache, fallbacks), the error responses by status, and the server-sent-event stream format.
 */
final class CommonParts {

    static final String ERROR = "Error";
    static final String SSE = "text/event-stream";

    private CommonParts() {
    }

    static void addTo(ObjectNode components) {
        ObjectNode schemas = components.withObject("schemas");
        schemas.set(ERROR, obj("type", "object", "required", arr("error"),
                "description", "Every error, in OpenAI's shape.",
                "properties", obj("error", obj("type", "object", "required", arr("message", "type", "code"),
                        "properties", obj(
                                "message", string("What went wrong, for a person to read."),
                                "type", obj("type", "string", "examples", arr("invalid_request_error",
                                        "authentication_error", "permission_error", "rate_limit_error", "server_error")),
                                "param", obj("type", arr("string", "null"), "description", "The offending field, if one."),
                                "code", obj("type", arr("string", "null"), "examples", arr("invalid_request",
                                        "invalid_api_key", "model_not_allowed", "product_not_entitled",
                                        "rate_limit_exceeded", "insufficient_quota", "backend_error",
                                        "backend_unavailable", "backend_timeout", "invalid_model_output")))))));
        schemas.set("Usage", obj("type", "object", "properties", obj(
                "prompt_tokens", integer("Input tokens."),
                "completion_tokens", integer("Output tokens."),
                "total_tokens", integer("Both."))));

        ObjectNode headers = components.withObject("headers");
        headers.set("x-request-id", header("The request's id: the client's x-request-id when it sent a sane one, "
                + "else generated. Quote it to operators.", "string"));
        headers.set("retry-after", header("Seconds to wait before retrying (429, 503).", "integer"));
        for (String family : new String[] {"requests", "tokens"}) {
            headers.set("x-ratelimit-limit-" + family, header("The tenant's " + family + " per minute.", "integer"));
            headers.set("x-ratelimit-remaining-" + family, header(family + " left in the current minute.", "integer"));
            headers.set("x-ratelimit-reset-" + family, header("Time until the bucket is full again, e.g. 1.5s.", "string"));
        }
        headers.set("x-gateway-cache", header("hit, miss or bypass: whether the answer came from the response cache.",
                "string"));
        headers.set("x-gateway-fallbacks", header("How many targets failed before one answered.", "integer"));

        ObjectNode responses = components.withObject("responses");
        responses.set("BadRequest", error("Malformed JSON, a missing or wrong field; 'param' names it."));
        responses.set("Unauthorized", error("Missing, unknown, revoked or expired API key."));
        responses.set("Forbidden", error("The key may not use this model, or the tenant this product."));
        responses.set("NotFound", error("Unknown model, product or path."));
        responses.set("TooLarge", error("The body exceeds the gateway's request size limit."));
        ObjectNode limited = error("A rate limit (rate_limit_exceeded) or a budget (insufficient_quota) is spent.");
        limited.withObject("headers").set("retry-after", ref("headers", "retry-after"));
        rateHeaders(limited.withObject("headers"));
        responses.set("RateLimited", limited);
        responses.set("BackendError", error("The model servers failed, or a product's answer stayed invalid "
                + "after one repair (invalid_model_output). The message names every target tried."));
        ObjectNode unavailable = error("Every endpoint is busy or the backend is overloaded; retry after retry-after.");
        unavailable.withObject("headers").set("retry-after", ref("headers", "retry-after"));
        responses.set("Unavailable", unavailable);
        responses.set("Timeout", error("No response head from the backend in time."));
    }

    /** The error responses of an authenticated call that reaches a model. */
    static void errors(ObjectNode responses) {
        responses.set("400", ref("responses", "BadRequest"));
        responses.set("401", ref("responses", "Unauthorized"));
        responses.set("403", ref("responses", "Forbidden"));
        responses.set("404", ref("responses", "NotFound"));
        responses.set("413", ref("responses", "TooLarge"));
        responses.set("429", ref("responses", "RateLimited"));
        responses.set("502", ref("responses", "BackendError"));
        responses.set("503", ref("responses", "Unavailable"));
        responses.set("504", ref("responses", "Timeout"));
    }

    /** The headers of a successful call that went through admission. */
    static ObjectNode successHeaders() {
        ObjectNode headers = obj("x-request-id", ref("headers", "x-request-id"),
                "x-gateway-cache", ref("headers", "x-gateway-cache"),
                "x-gateway-fallbacks", ref("headers", "x-gateway-fallbacks"));
        rateHeaders(headers);
        return headers;
    }

    /** A text/event-stream body: OpenAI chat-completion chunks, then {@code data: [DONE]}. */
    static ObjectNode eventStream() {
        return obj("schema", obj("type", "string",
                "description", "Server-sent events, one per generated piece, as the model writes them: each "
                        + "'data: ' line holds a ChatCompletionChunk (schema in components) and the stream ends "
                        + "with 'data: [DONE]'. A stream cut by a backend failure ends with a 'data: ' line "
                        + "holding an Error instead. Usage comes in a last chunk only if the request set "
                        + "stream_options.include_usage."),
                "example", "data: {\"id\":\"req_1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{\"content\":\"Hel\"}}]}\n\ndata: {\"id\":\"req_1\",\"object\":"
                        + "\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
                        + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
    }

    private static void rateHeaders(ObjectNode headers) {
        for (String family : new String[] {"requests", "tokens"}) {
            for (String part : new String[] {"limit", "remaining", "reset"}) {
                String name = "x-ratelimit-" + part + "-" + family;
                headers.set(name, ref("headers", name));
            }
        }
    }

    private static ObjectNode header(String description, String type) {
        return obj("description", description, "schema", obj("type", type));
    }

    private static ObjectNode error(String description) {
        return obj("description", description, "headers", obj("x-request-id", ref("headers", "x-request-id")),
                "content", obj("application/json", obj("schema", ref(ERROR))));
    }
}
