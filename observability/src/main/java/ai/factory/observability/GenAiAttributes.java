package ai.factory.observability;

/**
 * Attribute keys of the OpenTelemetry GenAI semantic conventions, plus the gateway's own. Used as
 * span attributes and, where bounded, as metric tags: one spelling for traces, metrics and
 * dashboards, so a query written against one matches the others.
 */
public final class GenAiAttributes {

    public static final String OPERATION_NAME = "gen_ai.operation.name";
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    public static final String REQUEST_MAX_TOKENS = "gen_ai.request.max_tokens";
    public static final String REQUEST_TEMPERATURE = "gen_ai.request.temperature";
    public static final String USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    public static final String USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    /** On {@code gen_ai.client.token.usage}: {@value #TOKEN_TYPE_INPUT} or {@value #TOKEN_TYPE_OUTPUT}. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    public static final String TOKEN_TYPE_INPUT = "input";
    public static final String TOKEN_TYPE_OUTPUT = "output";
    /** {@link #OPERATION_NAME} of a tool call; its span and metric carry {@link #TOOL_NAME}. */
    public static final String OPERATION_EXECUTE_TOOL = "execute_tool";
    public static final String TOOL_NAME = "gen_ai.tool.name";
    /** The conventions' name for why a call failed; we put the gateway's status or HTTP code there. */
    public static final String ERROR_TYPE = "error.type";

    public static final String TENANT_ID = "tenant.id";
    public static final String PRODUCT_ID = "product.id";
    /** {@code hit} or {@code miss}. */
    public static final String GATEWAY_CACHE = "gateway.cache";
    /** How many pools the request fell back past before one answered. */
    public static final String GATEWAY_FALLBACKS = "gateway.fallbacks";
    public static final String GATEWAY_STATUS = "gateway.status";
    public static final String GATEWAY_POOL = "gateway.pool";
    public static final String GATEWAY_REQUEST_ID = "gateway.request.id";

    private GenAiAttributes() {
    }
}
