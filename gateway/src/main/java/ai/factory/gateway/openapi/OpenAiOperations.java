package ai.factory.gateway.openapi;

import static ai.factory.gateway.openapi.J.arr;
import static ai.factory.gateway.openapi.J.integer;
import static ai.factory.gateway.openapi.J.obj;
import static ai.factory.gateway.openapi.J.ref;
import static ai.factory.gateway.openapi.J.string;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The OpenAI-compatible endpoints. Only the fields the gateway reads are described; any other
 * field is passed to the model server untouched, which the request schemas say by allowing more.
 */
final class OpenAiOperations {

    static final String TAG = "OpenAI-compatible";

    private OpenAiOperations() {
    }

    /** @param models the aliases the caller's key may use */
    static void addTo(ObjectNode paths, ObjectNode schemas, List<String> models) {
        schemas.set("ModelId", obj("type", "string", "enum", models,
                "description", "A model alias this key may use (GET /v1/models lists them)."));
        schemas.set("ChatMessage", obj("type", "object", "required", arr("role", "content"), "properties", obj(
                "role", obj("type", "string", "enum", arr("system", "user", "assistant", "tool", "developer")),
                "content", obj("type", arr("string", "array", "null")))));
        ObjectNode sampling = obj(
                "temperature", obj("type", "number", "minimum", 0, "maximum", 2),
                "top_p", obj("type", "number", "minimum", 0, "maximum", 1),
                "max_tokens", integer("Most tokens the answer may use; reserved against the tenant's limits."),
                "stream", obj("type", "boolean", "description", "Answer as server-sent events (text/event-stream)."),
                "stream_options", obj("type", "object", "properties", obj("include_usage", obj("type", "boolean"))));
        ObjectNode chatProps = sampling.deepCopy();
        chatProps.set("model", ref("ModelId"));
        chatProps.set("messages", obj("type", "array", "minItems", 1, "items", ref("ChatMessage")));
        schemas.set("ChatCompletionRequest", obj("type", "object", "required", arr("model", "messages"),
                "properties", chatProps, "additionalProperties", true));
        schemas.set("ChatCompletion", obj("type", "object", "properties", obj(
                "id", string("The request id."), "object", obj("const", "chat.completion"), "model", string("Served model."),
                "choices", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "index", obj("type", "integer"), "message", ref("ChatMessage"),
                        "finish_reason", obj("type", arr("string", "null"))))),
                "usage", ref("Usage"))));
        schemas.set("ChatCompletionChunk", obj("type", "object", "properties", obj(
                "id", obj("type", "string"), "object", obj("const", "chat.completion.chunk"),
                "choices", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "index", obj("type", "integer"),
                        "delta", obj("type", "object", "properties", obj("role", obj("type", "string"),
                                "content", obj("type", arr("string", "null")))),
                        "finish_reason", obj("type", arr("string", "null"))))),
                "usage", obj("oneOf", arr(ref("Usage"), obj("type", "null"))))));
        ObjectNode completionProps = sampling.deepCopy();
        completionProps.set("model", ref("ModelId"));
        completionProps.set("prompt", obj("type", arr("string", "array")));
        schemas.set("CompletionRequest", obj("type", "object", "required", arr("model", "prompt"),
                "properties", completionProps, "additionalProperties", true));
        schemas.set("Completion", obj("type", "object", "properties", obj(
                "id", obj("type", "string"), "object", obj("const", "text_completion"),
                "choices", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "index", obj("type", "integer"), "text", obj("type", "string")))),
                "usage", ref("Usage"))));
        schemas.set("EmbeddingRequest", obj("type", "object", "required", arr("model", "input"), "properties", obj(
                "model", ref("ModelId"), "input", obj("type", arr("string", "array"))), "additionalProperties", true));
        schemas.set("EmbeddingList", obj("type", "object", "properties", obj(
                "object", obj("const", "list"),
                "data", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "index", obj("type", "integer"),
                        "embedding", obj("type", "array", "items", obj("type", "number"))))),
                "usage", ref("Usage"))));
        schemas.set("ResponseRequest", obj("type", "object", "required", arr("model", "input"), "properties", obj(
                "model", ref("ModelId"), "input", obj("type", arr("string", "array"),
                        "description", "Text, or items: messages, function_call, function_call_output."),
                "instructions", obj("type", "string"), "max_output_tokens", obj("type", "integer", "minimum", 1),
                "temperature", obj("type", "number", "minimum", 0, "maximum", 2),
                "stream", obj("type", "boolean", "description", "Answer as the typed server-sent events."),
                "store", obj("type", "boolean", "description", "Keep the conversation for previous_response_id (default true)."),
                "previous_response_id", obj("type", "string"), "tools", obj("type", "array"),
                "text", obj("type", "object")), "additionalProperties", true));
        schemas.set("Response", obj("type", "object", "properties", obj(
                "id", obj("type", "string"), "object", obj("const", "response"),
                "status", obj("type", "string", "enum", arr("completed", "incomplete", "failed")),
                "output", obj("type", "array", "items", obj("type", "object")),
                "usage", obj("type", "object", "properties", obj("input_tokens", obj("type", "integer"),
                        "output_tokens", obj("type", "integer"), "total_tokens", obj("type", "integer"),
                        "input_tokens_details", obj("type", "object", "properties",
                                obj("cached_tokens", obj("type", "integer"))))))));
        schemas.set("ModelList", obj("type", "object", "properties", obj("object", obj("const", "list"),
                "data", obj("type", "array", "items", obj("type", "object", "properties", obj(
                        "id", obj("type", "string"), "object", obj("const", "model"), "owned_by", obj("type", "string")))))));

        String firstModel = models.isEmpty() ? "chat-default" : models.get(0);
        paths.set("/v1/chat/completions", obj("post", post("createChatCompletion", "Chat completion, streamed or not",
                "ChatCompletionRequest", obj("model", firstModel, "messages", arr(obj("role", "user", "content", "Hello"))),
                "ChatCompletion", true)));
        paths.set("/v1/completions", obj("post", post("createCompletion", "Legacy text completion, streamed or not",
                "CompletionRequest", obj("model", firstModel, "prompt", "Say hi", "max_tokens", 5), "Completion", true)));
        paths.set("/v1/embeddings", obj("post", post("createEmbedding", "Vectors for one or more texts",
                "EmbeddingRequest", obj("model", firstModel, "input", arr("a", "b")), "EmbeddingList", false)));
        paths.set("/v1/responses", obj("post", post("createResponse", "OpenAI Responses API, streamed or not",
                "ResponseRequest", obj("model", firstModel, "input", "Hello"), "Response", true)));
        ObjectNode listResponses = obj("200", obj("description", "The aliases this key may use.",
                "content", obj("application/json", obj("schema", ref("ModelList")))),
                "401", ref("responses", "Unauthorized"));
        paths.set("/v1/models", obj("get", obj("operationId", "listModels", "tags", arr(TAG),
                "summary", "The model aliases this key may use", "responses", listResponses)));
    }

    private static ObjectNode post(String id, String summary, String request, ObjectNode example, String response,
            boolean streams) {
        ObjectNode content = obj("application/json", obj("schema", ref(response)));
        if (streams) {
            content.set(CommonParts.SSE, CommonParts.eventStream());
        }
        ObjectNode responses = obj("200", obj("description", streams
                ? "The answer; with \"stream\": true, server-sent events as the model writes." : "The answer.",
                "headers", CommonParts.successHeaders(), "content", content));
        CommonParts.errors(responses);
        return obj("operationId", id, "tags", arr(TAG), "summary", summary,
                "requestBody", obj("required", true, "content", obj("application/json",
                        obj("schema", ref(request), "examples", obj("hello", obj("value", example))))),
                "responses", responses);
    }
}
