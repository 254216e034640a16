package ai.factory.gateway.responses;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.redis.RedisStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored responses ({@code store: true}) as the chat messages of their conversation, one Redis
 * key per response under the tenant's own key space: another tenant's id is simply not there
 * (404). Each key expires after {@code gateway.responses.ttl} and holds at most
 * {@code max-stored-bytes}; a longer conversation loses its oldest turns.
 */
@Singleton
public class Conversations {

    private static final Logger LOG = LoggerFactory.getLogger(Conversations.class);
    private static final Pattern ID = Pattern.compile("resp_[A-Za-z0-9]{1,64}");

    private final RedisStore redis;
    private final ObjectMapper json;
    private final ResponsesConfig config;

    public Conversations(RedisStore redis, ObjectMapper json, ResponsesConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config;
    }

    /** The messages before {@code responseId}'s answer and that answer; empty when there is no id. */
    CompletableFuture<List<JsonNode>> history(String tenantId, String responseId) {
        if (responseId == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (!ID.matcher(responseId).matches()) {
            return CompletableFuture.failedFuture(notFound(responseId));
        }
        return redis.async().get(key(tenantId, responseId)).toCompletableFuture().thenApply(stored -> {
            if (stored == null) {
                throw notFound(responseId);
            }
            try {
                List<JsonNode> messages = new ArrayList<>();
                json.readTree(stored).forEach(messages::add);
                return messages;
            } catch (JsonProcessingException e) {
                throw new GatewayError(500, "server_error", "conversation_corrupt", "previous_response_id",
                        "the stored conversation could not be read", null);
            }
        });
    }

    /** Keeps the conversation that ends in {@code result}, when the client asked to store it. */
    CompletableFuture<Void> keepAnswer(String tenantId, ResponsesRequest request, List<JsonNode> history, ObjectNode result) {
        if (!request.store()) {
            return CompletableFuture.completedFuture(null);
        }
        List<JsonNode> messages = new ArrayList<>(history);
        messages.addAll(request.input());
        messages.add(ResponseObjects.assistantMessage(result.path("output")));
        return keep(tenantId, messages, result);
    }

    /**
     * Stores the conversation that ends in {@code response}. Never fails: the answer is served and
     * paid for, so a Redis failure only loses the state (the response then says {@code store: false}).
     */
    CompletableFuture<Void> keep(String tenantId, List<JsonNode> messages, ObjectNode response) {
        String id = response.get("id").asText();
        CompletableFuture<Void> saved;
        try {
            saved = save(tenantId, id, messages);
        } catch (RuntimeException e) {
            saved = CompletableFuture.failedFuture(e);
        }
        return saved.exceptionally(failure -> {
            LOG.warn("response {} of tenant {} could not be stored: {}", id, tenantId, failure.toString());
            response.put("store", false);
            return null;
        });
    }

    CompletableFuture<Void> save(String tenantId, String responseId, List<JsonNode> messages) {
        String value = fit(messages, config.maxStoredBytes(), json);
        if (value == null) {
            return CompletableFuture.completedFuture(null);
        }
        return redis.async().set(key(tenantId, responseId), value, SetArgs.Builder.px(config.ttl().toMillis()))
                .toCompletableFuture().thenApply(ok -> null);
    }

    /**
     * The conversation as stored: whole, or without its oldest turns (a turn starts at a user
     * message, so a tool result never loses its call) until it fits; null when not even the last turn fits.
     */
    static String fit(List<JsonNode> messages, int maxBytes, ObjectMapper json) {
        List<JsonNode> kept = new ArrayList<>(messages);
        while (!kept.isEmpty()) {
            String value = encode(kept, json);
            if (value.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
                return value;
            }
            kept.remove(0);
            while (!kept.isEmpty() && !"user".equals(kept.get(0).path("role").asText())) {
                kept.remove(0);
            }
        }
        return null;
    }

    private static String encode(List<JsonNode> messages, ObjectMapper json) {
        try {
            return json.writeValueAsString(messages);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String key(String tenantId, String responseId) {
        return "resp:" + redis.keys().tag(tenantId) + ":" + tenantId + ":" + responseId;
    }

    private static GatewayError notFound(String responseId) {
        String shown = responseId.length() > 80 ? responseId.substring(0, 80) + "..." : responseId;
        return GatewayError.notFound("previous_response_not_found", "previous_response_id",
                "Previous response with id '" + shown + "' not found.");
    }
}
