package ai.factory.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.util.List;

/**
 * {@code gateway.models.<alias>}: the model name tenants call, as an ordered list of targets.
 *
 * <pre>
 * gateway.models.chat-default:
 *   targets:
 *     - pool: gpu-a
 *       model: meta-llama/Llama-3.1-8B-Instruct
 *       context-window: 8192     # tokens; a prompt known to be longer skips this target
 *     - pool: gpu-b              # tried when gpu-a fails
 *       context-window: 131072
 *   max-output-tokens: 8192    # optional: the most one answer may ask for (else the
 *                              # targets' largest context window, else gateway.max-output-tokens)
 * </pre>
 * A target without {@code model} serves the alias under its own name. Without
 * {@code context-window} the target takes prompts of any size (its server decides).
 */
@EachProperty("gateway.models")
public record ModelConfig(@Parameter String alias, @Nullable List<TargetEntry> targets, @Nullable Long maxOutputTokens) {

    public ModelConfig {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** One pool the alias may be served by, in the order tried. */
    @Introspected
    public record TargetEntry(@Nullable String pool, @Nullable String model, @Nullable Integer contextWindow) {
    }
}
