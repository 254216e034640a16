package ai.factory.gateway.accounting;

import ai.factory.gateway.ratelimit.Bounded;
import ai.factory.gateway.sse.SseBytes;
import ai.factory.products.TokenCounter;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Watches one answer go by and works out what it used. The backend's {@code usage} is the
 * truth; when it never comes (a cut stream, a client that left) the output seen so far is
 * counted with the tokenizer and the result is marked estimated. Works on the event's bytes:
 * only an event carrying a {@code usage} object is parsed; the others are searched for their
 * text, which is tokenized in batches. Holds counters and at most one batch of text.
 */
public final class UsageMeter {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = "\"content\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT = "\"text\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DELTA = "\"delta\"".getBytes(StandardCharsets.US_ASCII);
    /** Text held before it is tokenized: bounds memory, and the count the lease renewer sees lags by at most this. */
    private static final int BATCH_CHARS = 512;

    private final JsonFactory factory;
    private final TokenCounter tokens;
    private final long promptEstimate;
    private final boolean clientWantsUsage;
    private final boolean responses;
    private final StringBuilder pending = new StringBuilder();
    private int pendingPieces;
    private long input = -1;
    private long output = -1;
    private long cached;
    private long countedOutput;
    private long firstTokenNanos;
    private boolean done;

    /**
     * @param clientWantsUsage whether the client asked for the usage chunk itself; if not, the
     *     gateway asked for it and removes it from what the client receives
     */
    public UsageMeter(ObjectMapper json, TokenCounter tokens, long promptEstimate, boolean clientWantsUsage) {
        this(json, tokens, promptEstimate, clientWantsUsage, false);
    }

    /**
     * @param responses the answer is the Responses API's ({@code /v1/responses} passed through):
     *     its stream ends with {@code response.completed} (or {@code response.incomplete}) carrying
     *     {@code response.usage}, not with {@code [DONE]}; its text comes in {@code delta} strings
     */
    public UsageMeter(ObjectMapper json, TokenCounter tokens, long promptEstimate, boolean clientWantsUsage,
            boolean responses) {
        this.factory = json.getFactory();
        this.tokens = tokens;
        this.promptEstimate = promptEstimate;
        this.clientWantsUsage = clientWantsUsage || responses;
        this.responses = responses;
    }

    /** A whole (non-streamed) answer body: its top-level {@code usage}, the rest skipped. */
    public void body(byte[] body) {
        firstTokenNanos = System.nanoTime();
        try (JsonParser p = factory.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("usage")) {
                    usage(p);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: nothing reported, the estimate stands
        }
    }

    /** One SSE event of a stream; returns false when the event must not reach the client. */
    public boolean event(byte[] event) {
        SseBytes.Payload data = SseBytes.data(event);
        if (data == null) {
            return true;
        }
        if (data.is(DONE)) {
            done = true;
            return true;
        }
        byte[] b = data.bytes();
        int usageAt = SseBytes.valueOf(b, data.from(), data.to(), USAGE);
        if (responses) {
            // Only the closing events carry a usage object (the others have "usage": null or none).
            if (usageAt >= 0 && !SseBytes.startsWith(b, usageAt, data.to(), NULL)) {
                responseEvent(data);
            }
            text(b, data.from(), data.to(), DELTA);
            return true;
        }
        boolean usageOnly = usageAt >= 0 && !SseBytes.startsWith(b, usageAt, data.to(), NULL) && usageChunk(data);
        text(b, data.from(), data.to(), CONTENT);
        text(b, data.from(), data.to(), TEXT);
        return !(usageOnly && !clientWantsUsage);
    }

    /** Parses the chunk that carries usage; true when it has no choices (the usage-only chunk). */
    private boolean usageChunk(SseBytes.Payload data) {
        boolean choices = false;
        boolean usage = false;
        try (JsonParser p = factory.createParser(data.bytes(), data.from(), data.to() - data.from())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("usage") && t != JsonToken.VALUE_NULL) {
                    usage = true;
                    usage(p);
                } else if (name.equals("choices") && t == JsonToken.START_ARRAY) {
                    choices = p.nextToken() != JsonToken.END_ARRAY;
                    if (choices) {
                        p.skipChildren();
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return usage && !choices;
    }

    /** A Responses event with a usage object: a closing one ends the stream, and its response's usage is the truth. */
    private void responseEvent(SseBytes.Payload data) {
        try (JsonParser p = factory.createParser(data.bytes(), data.from(), data.to() - data.from())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            String type = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("type") && t == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if (name.equals("response") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (field.equals("usage") && v != JsonToken.VALUE_NULL) {
                            usage(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if ("response.completed".equals(type) || "response.incomplete".equals(type)) {
                done = true;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the stream is not known to be complete, the estimate stands
        }
    }

    private void usage(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        long prompt = 0;
        long completion = 0;
        long cachedTokens = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                // Chat's names, and the Responses API's for the same numbers.
                case "prompt_tokens", "input_tokens" -> prompt = number(p);
                case "completion_tokens", "output_tokens" -> completion = number(p);
                case "prompt_tokens_details", "input_tokens_details" -> {
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String detail = p.currentName();
                            p.nextToken();
                            if (detail.equals("cached_tokens")) {
                                cachedTokens = number(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
        // A backend's numbers are not trusted to be sane: clamped, so no sum of them can overflow.
        input = Bounded.clamp(prompt);
        output = Bounded.clamp(completion);
        cached = Math.min(input, Bounded.clamp(cachedTokens));
    }

    /** JsonNode.asLong(0)'s reading of a value: integers (saturated), floats truncated, numeric text. */
    private static long number(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (p.getBigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : p.getLongValue();
            case VALUE_NUMBER_FLOAT -> (long) p.getDoubleValue();
            case VALUE_STRING -> NumberInput.parseAsLong(p.getText().trim(), 0);
            default -> {
                p.skipChildren();
                yield 0;
            }
        };
    }

    /** Every string value of the key in the chunk (a delta's content, a completion's text), kept for counting. */
    private void text(byte[] b, int from, int to, byte[] key) {
        int i = from;
        while (i < to) {
            int value = SseBytes.valueOf(b, i, to, key);
            if (value < 0 || value >= to) {
                return;
            }
            if (b[value] != '"') {
                i = value;
                continue;
            }
            synchronized (this) {
                int before = pending.length();
                int next = SseBytes.string(b, value, to, pending);
                if (next < 0) {
                    pending.setLength(before);
                    return;
                }
                if (pending.length() > before) {
                    if (firstTokenNanos == 0) {
                        firstTokenNanos = System.nanoTime();
                    }
                    pendingPieces++;
                    if (pending.length() >= BATCH_CHARS) {
                        flush();
                    }
                }
                i = next;
            }
        }
    }

    /**
     * Tokenizes the held text: the tokenizer's count of it, and at least one token per chunk that
     * carried text (a model server streams a token or more per chunk).
     */
    private void flush() {
        if (pendingPieces > 0) {
            countedOutput += Math.max(tokens.count(pending.toString()), pendingPieces);
            pending.setLength(0);
            pendingPieces = 0;
        }
    }

    public boolean reported() {
        return input >= 0;
    }

    public long inputTokens() {
        return reported() ? input : promptEstimate;
    }

    /** Read by the lease renewer on another thread too: hence the lock around the held text. */
    public synchronized long outputTokens() {
        if (reported()) {
            return output;
        }
        flush();
        return countedOutput;
    }

    public long cachedTokens() {
        return reported() ? cached : 0;
    }

    /** Whether the stream ended with {@code [DONE]} (a Responses stream: with {@code response.completed} or {@code .incomplete}). */
    public boolean done() {
        return done;
    }

    /** System.nanoTime() of the first output token (or of the whole answer), 0 if none yet. */
    public long firstTokenNanos() {
        return firstTokenNanos;
    }
}
