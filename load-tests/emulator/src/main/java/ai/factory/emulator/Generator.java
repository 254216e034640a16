package ai.factory.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic "model": counts prompt tokens and produces the completion tokens. The same
 * prompt and seed always yield the same tokens, so tests and caches can compare answers.
 *
 * <p>Token rule (documented because the gateway's accounting is checked against it): a prompt
 * token is a whitespace-separated word; chat messages add {@link #TOKENS_PER_MESSAGE} each (role
 * and framing, as OpenAI's own count does). A generated token is one word plus its trailing
 * space, or, for JSON output, one piece of at most {@link #JSON_PIECE_CHARS} characters.
 */
final class Generator {

    static final int TOKENS_PER_MESSAGE = 4;
    static final int MIN_NATURAL_LENGTH = 8;
    static final int MAX_NATURAL_LENGTH = 48;
    static final int JSON_PIECE_CHARS = 8;

    private static final String[] VOCABULARY = {
        "the", "model", "gateway", "token", "stream", "answer", "tenant", "request",
        "response", "cache", "pool", "batch", "latency", "budget", "route", "fallback",
        "quickly", "safely", "always", "never", "often", "here", "there", "now",
        "is", "was", "will", "can", "should", "might", "does", "makes",
        "a", "an", "this", "that", "every", "some", "each", "our",
        "fast", "slow", "large", "small", "bright", "quiet", "steady", "clear",
        "data", "signal", "vector", "matrix", "kernel", "tensor", "layer", "weight",
        "and", "or", "but", "so", "then", "with", "from", "into"
    };

    private Generator() {
    }

    /** The generated tokens and why generation stopped ({@code stop} or {@code length}). */
    /** @param toolCall the tool the answer calls (its tokens are the arguments), or null for text */
    record Output(List<String> tokens, String finishReason, ToolCall toolCall) {
        Output(List<String> tokens, String finishReason) {
            this(tokens, finishReason, null);
        }

        String text() {
            return String.join("", tokens);
        }
    }

    record ToolCall(String id, String name) {
    }

    /** Whitespace-separated words in {@code text}; null or blank counts zero. */
    static int countWords(String text) {
        if (text == null) {
            return 0;
        }
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return count;
    }

    /** 64-bit FNV-1a of the text mixed with the seed: stable across JVMs, unlike String.hashCode. */
    static long hash(String text, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** How many tokens the "model" wants to say for this prompt, before any max_tokens cut. */
    static int naturalLength(long hash) {
        int span = MAX_NATURAL_LENGTH - MIN_NATURAL_LENGTH + 1;
        return MIN_NATURAL_LENGTH + (int) Math.floorMod(hash >>> 7, (long) span);
    }

    /** A word of the vocabulary chosen by a seeded stream; used for text and schema strings. */
    static String word(SplittableRandom random) {
        return VOCABULARY[random.nextInt(VOCABULARY.length)];
    }

    /**
     * Plain text: {@code min(natural length, limit)} words, each with a trailing space except
     * the last, which ends the sentence. Cut by the limit means {@code finish_reason=length}.
     */
    static Output text(long hash, int limit, boolean ignoreEos) {
        int natural = naturalLength(hash);
        int count = ignoreEos ? limit : Math.min(natural, limit);
        SplittableRandom random = new SplittableRandom(hash);
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String w = word(random);
            tokens.add(i == count - 1 ? w + "." : w + " ");
        }
        String finish = ignoreEos || natural > limit ? "length" : "stop";
        return new Output(tokens, finish);
    }

    /**
     * JSON output: the document cut into pieces, so it streams in several chunks. Its natural
     * length is the whole document; only an explicit max_tokens may cut it (leaving invalid
     * JSON and {@code finish_reason=length}, as a real model would).
     */
    static Output json(String document, Integer maxTokens) {
        List<String> pieces = new ArrayList<>(document.length() / JSON_PIECE_CHARS + 1);
        int start = 0;
        while (start < document.length()) {
            int end = Math.min(start + JSON_PIECE_CHARS, document.length());
            if (end < document.length() && Character.isHighSurrogate(document.charAt(end - 1))) {
                end++; // never split a surrogate pair across two chunks
            }
            pieces.add(document.substring(start, end));
            start = end;
        }
        if (maxTokens != null && pieces.size() > maxTokens) {
            return new Output(List.copyOf(pieces.subList(0, maxTokens)), "length");
        }
        return new Output(pieces, "stop");
    }
}
