package ai.factory.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's response bodies and stream chunks, streamed straight into Netty buffers with
 * Jackson's generator: no intermediate trees or strings on the per-token path.
 */
final class OpenAiWire {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    /** Writes one JSON value with the generator it is given. */
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private OpenAiWire() {
    }

    static ByteBuf json(ByteBufAllocator alloc, Body body) {
        ByteBuf buf = alloc.buffer(256);
        return append(buf, body);
    }

    /** One server-sent event, {@code data: <json>\n\n}. */
    static ByteBuf event(ByteBufAllocator alloc, Body body) {
        ByteBuf buf = alloc.buffer(256).writeBytes(DATA);
        return append(buf, body).writeBytes(EVENT_END);
    }

    static ByteBuf done() {
        return Unpooled.wrappedBuffer(DONE);
    }

    /** The whole non-streaming answer: {@code chat.completion} or {@code text_completion}. */
    static ByteBuf response(ByteBufAllocator alloc, GenerationPlan plan) {
        boolean chat = plan.kind() == GenerationPlan.Kind.CHAT;
        return json(alloc, json -> {
            json.writeStartObject();
            header(json, plan, chat ? "chat.completion" : "text_completion");
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            if (chat) {
                json.writeObjectFieldStart("message");
                json.writeStringField("role", "assistant");
                Generator.ToolCall call = plan.output().toolCall();
                if (call == null) {
                    json.writeStringField("content", plan.output().text());
                } else {
                    json.writeNullField("content");
                    json.writeArrayFieldStart("tool_calls");
                    toolCall(json, call, plan.output().text(), true);
                    json.writeEndArray();
                }
                json.writeEndObject();
            } else {
                json.writeStringField("text", plan.output().text());
            }
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", plan.finishReason());
            json.writeEndObject();
            json.writeEndArray();
            usage(json, plan.promptTokens(), plan.completionTokens());
            json.writeEndObject();
        });
    }

    /** The chat stream's opening chunk: {@code delta: {"role":"assistant","content":""}}. */
    static ByteBuf roleChunk(ByteBufAllocator alloc, GenerationPlan plan) {
        return chunk(alloc, plan, "", null, true, -1);
    }

    /** The chunk of token {@code index}; the last one carries the finish reason. */
    static ByteBuf tokenChunk(ByteBufAllocator alloc, GenerationPlan plan, int index) {
        String finish = index == plan.completionTokens() - 1 ? plan.finishReason() : null;
        return chunk(alloc, plan, plan.token(index), finish, false, index);
    }

    /** The extra chunk of {@code stream_options.include_usage}: no choices, only usage. */
    static ByteBuf usageChunk(ByteBufAllocator alloc, GenerationPlan plan) {
        return event(alloc, json -> {
            json.writeStartObject();
            header(json, plan, chunkObject(plan));
            json.writeArrayFieldStart("choices");
            json.writeEndArray();
            usage(json, plan.promptTokens(), plan.completionTokens());
            json.writeEndObject();
        });
    }

    static ByteBuf error(ByteBufAllocator alloc, ApiError error) {
        return json(alloc, json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeStringField("message", error.getMessage());
            json.writeStringField("type", error.type);
            json.writeStringField("param", error.param);
            json.writeStringField("code", error.code);
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    static void usage(JsonGenerator json, int promptTokens, int completionTokens) throws IOException {
        json.writeObjectFieldStart("usage");
        json.writeNumberField("prompt_tokens", promptTokens);
        json.writeNumberField("completion_tokens", completionTokens);
        json.writeNumberField("total_tokens", promptTokens + completionTokens);
        json.writeEndObject();
    }

    private static ByteBuf chunk(ByteBufAllocator alloc, GenerationPlan plan, String content, String finish,
            boolean withRole, int index) {
        boolean chat = plan.kind() == GenerationPlan.Kind.CHAT;
        return event(alloc, json -> {
            json.writeStartObject();
            header(json, plan, chunkObject(plan));
            json.writeArrayFieldStart("choices");
            json.writeStartObject();
            json.writeNumberField("index", 0);
            if (chat) {
                json.writeObjectFieldStart("delta");
                if (withRole) {
                    json.writeStringField("role", "assistant");
                }
                Generator.ToolCall call = plan.output().toolCall();
                if (call == null || withRole) {
                    json.writeStringField("content", call == null ? content : null);
                } else {
                    // A streamed call: its id and name in the first piece, the arguments spread over all.
                    json.writeArrayFieldStart("tool_calls");
                    toolCall(json, call, content, index == 0);
                    json.writeEndArray();
                }
                json.writeEndObject();
            } else {
                json.writeStringField("text", content);
            }
            json.writeNullField("logprobs");
            json.writeStringField("finish_reason", finish);
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private static void toolCall(JsonGenerator json, Generator.ToolCall call, String arguments, boolean first)
            throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", 0);
        if (first) {
            json.writeStringField("id", call.id());
            json.writeStringField("type", "function");
        }
        json.writeObjectFieldStart("function");
        if (first) {
            json.writeStringField("name", call.name());
        }
        json.writeStringField("arguments", arguments);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static String chunkObject(GenerationPlan plan) {
        return plan.kind() == GenerationPlan.Kind.CHAT ? "chat.completion.chunk" : "text_completion";
    }

    private static void header(JsonGenerator json, GenerationPlan plan, String object) throws IOException {
        json.writeStringField("id", plan.id());
        json.writeStringField("object", object);
        json.writeNumberField("created", plan.created());
        json.writeStringField("model", plan.model());
    }

    private static ByteBuf append(ByteBuf buf, Body body) {
        try (JsonGenerator json = FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
            body.write(json);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e instanceof IOException ? new UncheckedIOException((IOException) e) : (RuntimeException) e;
        }
        return buf;
    }
}
