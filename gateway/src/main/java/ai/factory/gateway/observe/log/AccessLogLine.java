package ai.factory.gateway.observe.log;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.Usd;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The access log's JSON object for one request; field names are snake_case like the usage stream's. */
final class AccessLogLine {

    private static final JsonFactory JSON = new JsonFactory();

    private AccessLogLine() {
    }

    static String of(UsageEvent e, String traceId) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.ofEpochMilli(e.timestampMillis()).toString());
            g.writeStringField("request_id", e.requestId());
            if (e.clientRequestId() != null) {
                g.writeStringField("client_request_id", e.clientRequestId());
            }
            if (traceId != null) {
                g.writeStringField("trace_id", traceId);
            }
            g.writeStringField("tenant", e.tenantId());
            g.writeStringField("key_id", e.keyId());
            g.writeStringField("product", e.product());
            g.writeStringField("operation", e.operation());
            g.writeStringField("model", e.modelAlias());
            g.writeStringField("served_model", e.servedModel());
            g.writeStringField("pool", e.pool());
            g.writeStringField("endpoint", e.endpoint());
            g.writeStringField("status", e.status());
            g.writeNumberField("http_status", e.httpStatus());
            g.writeNumberField("input_tokens", e.inputTokens());
            g.writeNumberField("output_tokens", e.outputTokens());
            g.writeNumberField("cached_tokens", e.cachedTokens());
            g.writeBooleanField("tokens_estimated", e.estimated());
            g.writeNumberField("cost_usd", Usd.fromNanos(e.costNanos()));
            g.writeNumberField("latency_ms", e.latencyMillis());
            g.writeNumberField("ttft_ms", e.ttftMillis());
            g.writeStringField("cache", e.cacheHit() ? "hit" : "miss");
            g.writeNumberField("fallbacks", e.fallbacks());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }
}
