package ai.factory.products;

/** What a product answers with, and so which backend endpoint it calls. */
public enum OutputKind {
    /** Free text from the chat-completions endpoint; may be streamed. */
    TEXT,
    /** A JSON document from the chat-completions endpoint, requested with {@code response_format}
     * {@code json_schema} and validated against the product's output schema. */
    JSON,
    /** Vectors from the embeddings endpoint; no prompt is rendered. */
    EMBEDDING;

    /** The endpoint, relative to an OpenAI-compatible base URL, that serves this kind. */
    public String endpoint() {
        return this == EMBEDDING ? "/v1/embeddings" : "/v1/chat/completions";
    }
}
