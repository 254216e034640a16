package ai.factory.gateway.observe.trace;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.observability.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/** The GenAI span's name and attributes from a usage event; attributes with no value are left out. */
final class GenAiSpans {

    private GenAiSpans() {
    }

    static String name(UsageEvent event) {
        if (GenAiAttributes.OPERATION_EXECUTE_TOOL.equals(event.operation())) {
            return event.operation() + " " + event.product();
        }
        String model = event.modelAlias();
        return model == null ? event.operation() : event.operation() + " " + model;
    }

    static Attributes attributes(UsageEvent event, String provider) {
        AttributesBuilder a = Attributes.builder();
        put(a, GenAiAttributes.OPERATION_NAME, event.operation());
        put(a, GenAiAttributes.PROVIDER_NAME, event.pool() == null ? null : provider);
        put(a, GenAiAttributes.REQUEST_MODEL, event.modelAlias());
        put(a, GenAiAttributes.RESPONSE_MODEL, event.servedModel());
        // gen_ai.request.max_tokens and .temperature are request parameters the event does not carry.
        a.put(AttributeKey.longKey(GenAiAttributes.USAGE_INPUT_TOKENS), event.inputTokens());
        a.put(AttributeKey.longKey(GenAiAttributes.USAGE_OUTPUT_TOKENS), event.outputTokens());
        if (GenAiAttributes.OPERATION_EXECUTE_TOOL.equals(event.operation())) {
            // Behind /mcp the product is the tool called (<upstream>__<tool>); a span may hold any name.
            put(a, GenAiAttributes.TOOL_NAME, event.product());
        }
        put(a, GenAiAttributes.TENANT_ID, event.tenantId());
        put(a, GenAiAttributes.PRODUCT_ID, event.product());
        put(a, GenAiAttributes.GATEWAY_CACHE, event.cacheHit() ? "hit" : "miss");
        a.put(AttributeKey.longKey(GenAiAttributes.GATEWAY_FALLBACKS), event.fallbacks());
        put(a, GenAiAttributes.GATEWAY_STATUS, event.status());
        put(a, GenAiAttributes.GATEWAY_POOL, event.pool());
        put(a, GenAiAttributes.GATEWAY_REQUEST_ID, event.requestId());
        if (!UsageEvent.OK.equals(event.status())) {
            put(a, GenAiAttributes.ERROR_TYPE, event.httpStatus() > 0 ? Integer.toString(event.httpStatus()) : event.status());
        }
        return a.build();
    }

    private static void put(AttributesBuilder a, String key, String value) {
        if (value != null && !value.isEmpty()) {
            a.put(AttributeKey.stringKey(key), value);
        }
    }
}
