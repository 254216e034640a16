package ai.factory.gateway.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;
import java.util.Map;

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
public final class ModelConfig {

    private final String alias;
    private List<Map<String, Object>> targets = List.of();
    private Long maxOutputTokens;

    public ModelConfig(@Parameter String alias) {
        this.alias = alias;
    }

    public String getAlias() {
        return alias;
    }

    public Long getMaxOutputTokens() {
        return maxOutputTokens;
    }

    public void setMaxOutputTokens(Long maxOutputTokens) {
        this.maxOutputTokens = maxOutputTokens;
    }

    public List<Map<String, Object>> getTargets() {
        return targets;
    }

    public void setTargets(List<Map<String, Object>> targets) {
        this.targets = targets;
    }
}
