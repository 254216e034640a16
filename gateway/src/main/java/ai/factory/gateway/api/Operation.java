package ai.factory.gateway.api;

/** The OpenAI operations the gateway proxies, with the field each one cannot do without. */
public enum Operation {
    CHAT("/v1/chat/completions", "messages", true, "chat"),
    COMPLETIONS("/v1/completions", "prompt", true, "text_completion"),
    EMBEDDINGS("/v1/embeddings", "input", false, "embeddings"),
    /** {@code /v1/responses} sent as is to pools that speak it (responses/ResponsesRoutes); billed as chat. */
    RESPONSES("/v1/responses", "input", true, "chat");

    private final String path;
    private final String requiredField;
    private final boolean streamable;
    private final String genAiName;

    Operation(String path, String requiredField, boolean streamable, String genAiName) {
        this.path = path;
        this.requiredField = requiredField;
        this.streamable = streamable;
        this.genAiName = genAiName;
    }

    public String path() {
        return path;
    }

    public String requiredField() {
        return requiredField;
    }

    public boolean streamable() {
        return streamable;
    }

    /** {@code gen_ai.operation.name} of the OpenTelemetry GenAI conventions. */
    public String genAiName() {
        return genAiName;
    }
}
