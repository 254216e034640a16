package ai.factory.gateway.api;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.ClientIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The client's JSON body, read once as a tree. The gateway reads the few fields it acts on
 * ({@code model}, {@code stream}, the operation's required field) and leaves every other field
 * exactly as sent, for the backend.
 */
public record ParsedRequest(Operation operation, ObjectNode body, String model, boolean stream) {

    public static ParsedRequest parse(Operation operation, byte[] bytes, ObjectMapper json) {
        if (bytes == null || bytes.length == 0) {
            throw GatewayError.invalidRequest(null, "request body is empty: expected a JSON object");
        }
        JsonNode root;
        try {
            // Exactly one JSON value: anything after it would be a second reading of the same body.
            root = json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(bytes);
        } catch (JsonProcessingException e) {
            // Limit breaches (nesting depth, number length) carry no location.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw GatewayError.invalidRequest(null, "request body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (java.io.IOException e) {
            throw GatewayError.invalidRequest(null, "request body could not be read: " + e.getMessage());
        }
        if (!(root instanceof ObjectNode body)) {
            throw GatewayError.invalidRequest(null, "request body must be a JSON object");
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw GatewayError.invalidRequest("model", "'model' is required and must be a non-empty string");
        }
        ClientIds.model("model", model.asText());
        JsonNode user = body.get("user");
        if (user != null && !user.isNull()) {
            if (!user.isTextual()) {
                throw GatewayError.invalidRequest("user", "'user' must be a string");
            }
            ClientIds.endUser(user.asText());
        }
        JsonNode required = body.get(operation.requiredField());
        if (required == null || required.isNull() || (required.isContainerNode() && required.isEmpty())) {
            throw GatewayError.invalidRequest(operation.requiredField(),
                    "'" + operation.requiredField() + "' is required for " + operation.path());
        }
        if (operation == Operation.CHAT && !required.isArray()) {
            throw GatewayError.invalidRequest("messages", "'messages' must be an array of messages");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw GatewayError.invalidRequest("stream", "'stream' must be true or false");
        }
        boolean streaming = stream != null && stream.asBoolean(false);
        if (streaming && !operation.streamable()) {
            throw GatewayError.invalidRequest("stream", operation.path() + " does not stream");
        }
        return new ParsedRequest(operation, body, model.asText(), streaming);
    }
}
