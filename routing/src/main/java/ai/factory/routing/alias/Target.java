package ai.factory.routing.alias;

import ai.factory.routing.pool.Pool;
import java.util.Objects;

/**
 * One step of a model alias: a pool and the model name that pool serves it under (a vLLM server
 * knows "meta-llama/Llama-3.1-8B-Instruct", the tenant asks for "chat-default").
 *
 * @param contextWindow the served model's context length in tokens, 0 when not configured; a
 *     request whose prompt is known to be longer skips this target
 */
public record Target(Pool pool, String servedModel, int contextWindow) {

    public Target {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(servedModel, "servedModel");
        if (contextWindow < 0) {
            throw new IllegalArgumentException("context window must be >= 0: " + contextWindow);
        }
    }

    public Target(Pool pool, String servedModel) {
        this(pool, servedModel, 0);
    }

    /** Whether a prompt of that many tokens fits, leaving room for at least some output. */
    public boolean fits(int promptTokens) {
        return contextWindow == 0 || promptTokens < contextWindow;
    }
}
