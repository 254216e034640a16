package ai.factory.routing.balancing;

/**
 * What one request tells a balancer about itself.
 *
 * @param sessionId the client's {@code x-session-id}, or null
 * @param prefixBlocks chained hashes of the prompt's blocks ({@link PrefixBlocks}), first block
 *     first; empty when unknown. An array rather than a list: it is built once per request and
 *     read on every pick, and boxing a few hundred longs per request is waste.
 */
public record BalanceHints(String sessionId, long[] prefixBlocks) {

    public static final BalanceHints NONE = new BalanceHints(null, new long[0]);

    public BalanceHints {
        prefixBlocks = prefixBlocks == null ? new long[0] : prefixBlocks;
    }
}
