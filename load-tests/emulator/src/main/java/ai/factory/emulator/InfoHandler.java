package ai.factory.emulator;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/** The endpoints besides inference: models, health, metrics and the prefix-cache reset. */
final class InfoHandler {

    private static final CharSequence TEXT = "text/plain; charset=utf-8";
    private static final CharSequence PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    /** Fixed so the model list is stable across restarts, as a real deployment's would be. */
    private static final long CREATED = 1_700_000_000L;

    private final Engine engine;

    InfoHandler(Engine engine) {
        this.engine = engine;
    }

    /** OpenAI's list shape; the configured models, or {@value EmulatorConfig#DEFAULT_MODEL}. */
    void models(ResponseWriter writer) {
        List<String> models = engine.config().servedModels();
        List<String> listed = models.isEmpty() ? List.of(EmulatorConfig.DEFAULT_MODEL) : models;
        writer.respondJson(HttpResponseStatus.OK, OpenAiWire.json(writer.alloc(), json -> {
            json.writeStartObject();
            json.writeStringField("object", "list");
            json.writeArrayFieldStart("data");
            for (String model : listed) {
                json.writeStartObject();
                json.writeStringField("id", model);
                json.writeStringField("object", "model");
                json.writeNumberField("created", CREATED);
                json.writeStringField("owned_by", "emulator");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    /** 200 while serving, 503 once closing, so a balancer stops sending before the port goes. */
    void health(ResponseWriter writer) {
        boolean closing = engine.closing();
        writer.respondText(closing ? HttpResponseStatus.SERVICE_UNAVAILABLE : HttpResponseStatus.OK, TEXT,
                ByteBufUtil.writeUtf8(writer.alloc(), closing ? "closing" : "ok"));
    }

    /** vLLM's dev endpoint: 200 once the cache is empty, 409 while running sequences pin blocks. */
    void resetPrefixCache(ResponseWriter writer) {
        if (!engine.prefixCache().reset()) {
            throw ApiError.conflict("The prefix cache holds blocks of running sequences; try again when idle.");
        }
        writer.respondText(HttpResponseStatus.OK, TEXT, ByteBufUtil.writeUtf8(writer.alloc(), "reset"));
    }

    void metrics(ResponseWriter writer) {
        writer.respondText(HttpResponseStatus.OK, PROMETHEUS,
                ByteBufUtil.writeUtf8(writer.alloc(), engine.renderMetrics()));
    }
}
