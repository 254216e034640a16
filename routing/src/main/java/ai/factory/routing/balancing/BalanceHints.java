package ai.factory.routing.balancing;

/**
 * What one request tells a balancer about itself.
 *
 * @param sessionId the client's {@code x-session-id}, or null
 * @param prefixBlocks chained hashes of the prompt's blocks ({@link PrefixBlocks}), first block
 *     first; empty when unknown. An array rather than a list: it is built once per request and
 *     read on every pick, and boxing a few hundred longs per request is waste.
 * @param model the model name the pool is asked for, which for a LoRA adapter is the adapter's
 *     name; null when unknown
 * @param prompt the prompt as {@link PromptPrefix.Text} renders it, for a balancer that hashes it
 *     the way its servers do ({@code kv-prefix}); null when unknown
 */
public record BalanceHints(String sessionId, long[] prefixBlocks, String model, CharSequence prompt) {

    public static final BalanceHints NONE = new BalanceHints(null, new long[0], null);

    public BalanceHints {
        prefixBlocks = prefixBlocks == null ? new long[0] : prefixBlocks;
    }

    public BalanceHints(String sessionId, long[] prefixBlocks, String model) {
        this(sessionId, prefixBlocks, model, null);
    }

    public BalanceHints(String sessionId, long[] prefixBlocks) {
        this(sessionId, prefixBlocks, null, null);
    }

    /** The same hints for one target's model (each target of an alias may name another). */
    public BalanceHints forModel(String targetModel) {
        return new BalanceHints(sessionId, prefixBlocks, targetModel, prompt);
    }
}
