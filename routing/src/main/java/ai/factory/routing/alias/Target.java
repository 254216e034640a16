package ai.factory.routing.alias;

import ai.factory.routing.pool.Pool;
import java.util.Objects;

/**
 * One step of a model alias: a pool and the model name that pool serves it under (a vLLM server
 * knows "meta-llama/Llama-3.1-8B-Instruct", the tenant asks for "chat-default").
 */
public record Target(Pool pool, String servedModel) {

    public Target {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(servedModel, "servedModel");
    }
}
