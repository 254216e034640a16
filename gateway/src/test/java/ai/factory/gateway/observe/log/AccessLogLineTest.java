package ai.factory.gateway.observe.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.Usd;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {

    /** Quotes, backslashes, every control character, a surrogate pair, a lone surrogate, U+2028. */
    private static final String HOSTILE;

    static {
        StringBuilder s = new StringBuilder("m\"o\\d/e l\u00e9\u4e2d\ud83d\ude00\ud800\u2028\u007f");
        for (char c = 0; c < 0x20; c++) {
            s.append(c);
        }
        HOSTILE = s.toString();
    }

    private static UsageEvent event(String text, String clientId, long costNanos) {
        return new UsageEvent("req_" + text, 1_700_000_000_123L, "t-" + text, "k-" + text, text, "chat", text,
                null, text, "http://" + text, 12, 34, 5, costNanos, UsageEvent.ERROR, true, 2, 1_234, -1, true, 502,
                clientId, null);
    }

    @Test
    void renders_what_the_jackson_generator_rendered_character_for_character() throws IOException {
        for (UsageEvent e : new UsageEvent[] {event(HOSTILE, HOSTILE, 1), event("plain", null, 2_500_000_000L),
                event("", "", 0), event("x", "c", 123_456_789)}) {
            for (String trace : new String[] {null, "4bf92f3577b34da6a3ce929d0e0e4736"}) {
                assertEquals(jackson(e, trace), AccessLogLine.of(e, trace));
            }
        }
    }

    @Test
    void a_hostile_model_name_stays_one_parseable_line() throws IOException {
        String line = AccessLogLine.of(event(HOSTILE, null, 1), null);
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertEquals(HOSTILE.replace("\ud800", "\ufffd"), parsed.get("model").asText().replace("\ud800", "\ufffd"));
        assertEquals(-1, line.indexOf('\n'));
        assertEquals(-1, line.indexOf('\r'));
    }

    /** The line as the previous AccessLogLine wrote it, through Jackson's generator: the reference. */
    static String jackson(UsageEvent e, String traceId) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
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
        }
        return out.toString();
    }
}
