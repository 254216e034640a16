package ai.factory.products;

import com.knuddels.jtokkit.api.Encoding;

/** Counts cl100k_base tokens, the yardstick of {@link InputLimits#maxTokens()}. */
final class TokenCounter {

    private static final Encoding CL100K = Cl100k.encoding();

    private TokenCounter() {
    }

    /**
     * Tokens in {@code text}. "Ordinary" counting treats strings like {@code <|endoftext|>} as
     * plain text: they are input, not control tokens, and the plain count refuses them.
     */
    static int count(String text) {
        return CL100K.countTokensOrdinary(text);
    }
}
