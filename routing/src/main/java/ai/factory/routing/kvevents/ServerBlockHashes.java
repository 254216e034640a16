package ai.factory.routing.kvevents;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rendered prompt's block hashes as its model server computes them, so they can be looked up
 * in the {@link KvBlockIndex} the server's KV events fill: the server's tokenizer turns the text
 * into token ids, and {@link VllmBlockHashes} chains them. The gateway carries the tiktoken
 * encodings only; a server whose model uses another tokenizer (Llama, Mistral, Qwen...) hashes
 * other token ids, so {@link #forTokenizer} says so and the pool routes by prefix hash instead.
 */
public final class ServerBlockHashes implements Function<CharSequence, long[]> {

    /** Beyond this many characters only the leading part is hashed: routing needs the prefix, not the tail. */
    static final int MAX_CHARS = 32_768;

    private final Encoding encoding;
    private final VllmBlockHashes hashes;

    private ServerBlockHashes(Encoding encoding, VllmBlockHashes hashes) {
        this.encoding = encoding;
        this.hashes = hashes;
    }

    /**
     * @param tokenizer a tiktoken encoding name ({@code cl100k_base}, {@code o200k_base}, ...)
     * @return empty when the gateway does not have that tokenizer
     */
    public static Optional<ServerBlockHashes> forTokenizer(String tokenizer, VllmBlockHashes hashes) {
        return EncodingType.fromName(tokenizer.trim().toLowerCase(Locale.ROOT))
                .map(type -> new ServerBlockHashes(Encodings.newLazyEncodingRegistry().getEncoding(type), hashes));
    }

    @Override
    public long[] apply(CharSequence prompt) {
        String text = prompt.length() > MAX_CHARS ? prompt.subSequence(0, MAX_CHARS).toString() : prompt.toString();
        IntArrayList tokens = encoding.encodeOrdinary(text);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i);
        }
        if (prompt.length() > MAX_CHARS && ids.length > 0) {
            // The cut may split a word into other tokens than the whole text has: drop the last block.
            int keep = Math.max(0, (ids.length / hashes.blockSize() - 1) * hashes.blockSize());
            int[] kept = new int[keep];
            System.arraycopy(ids, 0, kept, 0, keep);
            ids = kept;
        }
        return hashes.of(ids);
    }
}
