package ai.factory.gateway.observe.trace;

import ai.factory.gateway.observe.ObservabilityConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Set;

/**
 * The tenants' opt-in to prompts and answers on their GenAI spans
 * ({@code gateway.observability.capture-content-tenants}; nobody by default). Only a sampled
 * request of a listed tenant pays for it: for everyone else {@link #enabled} is a set lookup and
 * no text is read. The text goes to span attributes only, never to logs or metrics.
 */
@Singleton
public class ContentCapture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<String> tenants;

    public ContentCapture(ObservabilityConfig config) {
        this.tenants = tenants(config);
    }

    /** The one place the setting is read. */
    private static Set<String> tenants(ObservabilityConfig config) {
        return Set.copyOf(config.captureContentTenants());
    }

    /** Whether this request's text is captured: its tenant opted in and its span will be recorded. */
    public boolean enabled(String tenantId, Context trace) {
        if (tenants.isEmpty() || tenantId == null || !tenants.contains(tenantId) || trace == null) {
            return false;
        }
        return Span.fromContext(trace).getSpanContext().isSampled();
    }

    /** The {@code gen_ai.input.messages} value of a request body, or null. */
    public String input(JsonNode body) {
        try {
            return GenAiMessages.input(body);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The {@code gen_ai.output.messages} value of a whole answer, or null when it is not JSON. */
    public String output(byte[] answer) {
        try {
            return GenAiMessages.output(JSON.readTree(answer));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A collector for one stream's text. */
    public StreamedText stream() {
        return new StreamedText();
    }
}
