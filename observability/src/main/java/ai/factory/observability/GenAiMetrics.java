package ai.factory.observability;

/**
 * Metric names of the OpenTelemetry GenAI semantic conventions, as registered in Micrometer.
 * Prometheus renders the dots as underscores and adds the unit and the series suffix
 * ({@code gen_ai_server_request_duration_seconds_bucket}). The test of the dashboards checks those against a real scrape.
 */
public final class GenAiMetrics {

    /** Histogram of tokens per request, tagged {@link GenAiAttributes#TOKEN_TYPE}. */
    public static final String CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage";
    /** Seconds from the request's arrival to its last byte. */
    public static final String SERVER_REQUEST_DURATION = "gen_ai.server.request.duration";
    /** Seconds to the first token of a stream (to the whole answer otherwise). */
    public static final String SERVER_TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    /** Seconds per output token after the first: the decode speed a streaming client sees. */
    public static final String SERVER_TIME_PER_OUTPUT_TOKEN = "gen_ai.server.time_per_output_token";
    /** Seconds per tool call the gateway executed (an upstream MCP server's tool), tagged with the tool's name. */
    public static final String EXECUTE_TOOL_DURATION = "gen_ai.execute_tool.duration";

    private GenAiMetrics() {
    }
}
