package ai.factory.gateway.api;

import ai.factory.gateway.cache.CacheKeys;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.error.JsonBodyErrors;
import ai.factory.gateway.http.ClientIds;
import ai.factory.gateway.ratelimit.UsageCeiling;
import ai.factory.gateway.redis.RedisKeys;
import ai.factory.gateway.request.BodySplice;
import ai.factory.gateway.request.RequestFacts;
import ai.factory.gateway.request.RequestReader;
import ai.factory.products.TokenCounter;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The client's JSON body, read once with a streaming parser and kept as the client's bytes: the
 * gateway reads the few fields it acts on (model, stream, stream_options, the limits' numbers,
 * the prompt's size and prefix) and the backend gets the same bytes with the served model and
 * {@code stream_options} spliced in ({@link #backendBody}). No tree is built on this path.
 */
public final class ParsedRequest {

    private static final ObjectMapper TREES = new ObjectMapper();
    private static final JsonFactory FACTORY = TREES.getFactory();
    private static final TokenCounter TOKENS = new TokenCounter();

    private final Operation operation;
    private final byte[] bytes;
    private final RequestFacts facts;
    private final String model;
    private final boolean stream;
    private ObjectNode tree;

    private ParsedRequest(Operation operation, byte[] bytes, RequestFacts facts, String model, boolean stream, ObjectNode tree) {
        this.operation = operation;
        this.bytes = bytes;
        this.facts = facts;
        this.model = model;
        this.stream = stream;
        this.tree = tree;
    }

    /** A body the gateway built itself (a product call): trusted, so not validated, read the same way. */
    public ParsedRequest(Operation operation, ObjectNode body, String model, boolean stream) {
        this(operation, write(body), model, stream, body);
    }

    private ParsedRequest(Operation operation, byte[] bytes, String model, boolean stream, ObjectNode tree) {
        this(operation, bytes, read(FACTORY, operation, bytes), model, stream, tree);
    }

    public static ParsedRequest parse(Operation operation, byte[] bytes, ObjectMapper json) {
        if (bytes == null || bytes.length == 0) {
            throw GatewayError.invalidRequest(null, "request body is empty: expected a JSON object");
        }
        RequestFacts facts;
        try {
            // The application's factory: its limits on nesting depth and number length apply.
            facts = read(json.getFactory(), operation, bytes);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                GatewayError twice = JsonBodyErrors.duplicate(j);
                if (twice != null) {
                    // The backend would read one of the two values and the gateway might act on the other.
                    throw twice;
                }
                // Limit breaches (nesting depth, number length) carry no location.
                String where = j.getLocation() == null ? ""
                        : " (line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr() + ")";
                throw GatewayError.invalidRequest(null, "request body is not valid JSON: " + j.getOriginalMessage() + where);
            }
            throw GatewayError.invalidRequest(null, "request body could not be read: " + e.getCause().getMessage());
        }
        if (facts == null) {
            throw GatewayError.invalidRequest(null, "request body must be a JSON object");
        }
        if (facts.model() == null || facts.model().isBlank()) {
            throw GatewayError.invalidRequest("model", "'model' is required and must be a non-empty string");
        }
        ClientIds.model("model", facts.model());
        if (facts.userInvalid()) {
            throw GatewayError.invalidRequest("user", "'user' must be a string");
        }
        if (facts.user() != null) {
            ClientIds.endUser(facts.user());
        }
        if (facts.required() == RequestFacts.MISSING || facts.required() == RequestFacts.EMPTY) {
            throw GatewayError.invalidRequest(operation.requiredField(),
                    "'" + operation.requiredField() + "' is required for " + operation.path());
        }
        if (operation == Operation.CHAT && facts.required() != RequestFacts.ARRAY) {
            throw GatewayError.invalidRequest("messages", "'messages' must be an array of messages");
        }
        if (facts.streamInvalid()) {
            throw GatewayError.invalidRequest("stream", "'stream' must be true or false");
        }
        boolean streaming = Boolean.TRUE.equals(facts.stream());
        if (streaming && !operation.streamable()) {
            throw GatewayError.invalidRequest("stream", operation.path() + " does not stream");
        }
        return new ParsedRequest(operation, bytes, facts, facts.model(), streaming, null);
    }

    private static RequestFacts read(JsonFactory factory, Operation operation, byte[] bytes) {
        try {
            return RequestReader.read(factory, bytes, operation.requiredField(), TOKENS::count, UsageCeiling::partTokens);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(ObjectNode body) {
        try {
            return TREES.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Operation operation() {
        return operation;
    }

    /** The model alias the client asked for. */
    public String model() {
        return model;
    }

    public boolean stream() {
        return stream;
    }

    /** The body as received, never modified. */
    public byte[] bytes() {
        return bytes;
    }

    /**
     * The body as a tree, built on first use for code that needs the whole of it; the request path
     * does not. Changing it changes nothing the backend receives: that is {@link #backendBody}.
     */
    public ObjectNode body() {
        if (tree == null) {
            try {
                tree = (ObjectNode) TREES.readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tree;
    }

    /**
     * The small top-level fields the limits, the cache and the usage details read
     * ({@code temperature}, {@code max_tokens}, {@code max_completion_tokens}, {@code n},
     * {@code best_of}); no prompt and no schemas (their tokens are {@link #extraPromptTokens}).
     */
    public JsonNode fields() {
        return facts.scalars();
    }

    /**
     * Whether the client asked for the usage chunk itself ({@code stream_options.include_usage});
     * a Responses stream always carries its usage (in {@code response.completed}).
     */
    public boolean clientWantsUsage() {
        return operation == Operation.RESPONSES || facts.clientWantsUsage();
    }

    /** The prompt's text tokens, counted as TokenCounter counts a body. */
    public long promptTokens() {
        return facts.promptTokens();
    }

    /** Tool and function schemas, response format, and image, audio or file parts: UsageCeiling's extras. */
    public long extraPromptTokens() {
        return facts.extraPromptTokens();
    }

    /** The prompt as routing's PromptPrefix renders a body (kv-prefix pools tokenize it). */
    public CharSequence renderedPrompt() {
        return facts.prompt();
    }

    /** The prompt's prefix block hashes, as routing's PromptPrefix renders a body. */
    public long[] prefixBlocks() {
        return facts.prefixBlocks();
    }

    /**
     * The client's bytes with the target's model name, and for a stream whose client did not ask
     * for usage, {@code stream_options: {include_usage: true}} (the relay removes that chunk again).
     */
    public byte[] backendBody(String servedModel) {
        return BodySplice.splice(bytes, facts, servedModel, stream && !clientWantsUsage());
    }

    /** The response-cache key of this request for a tenant. */
    public String cacheKey(RedisKeys keys, String tenantId) {
        return CacheKeys.key(keys, tenantId, model, operation.name(), bytes);
    }
}
