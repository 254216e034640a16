package ai.factory.products;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/** Counts cl100k_base tokens, the yardstick of {@link InputLimits#maxTokens()}. */
final class TokenCounter {

    // The lazy registry loads only the encoding asked for: start-up stays fast when scaling from zero.
    private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

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
