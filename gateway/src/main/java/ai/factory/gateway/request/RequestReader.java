package ai.factory.gateway.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Reads a request body in one streaming pass, with no tree: the fields the path acts on, the
 * byte ranges the backend body is spliced at, the prompt's token count and prefix blocks. Every
 * other field is skipped unread (its bytes go to the backend as the client sent them). The
 * prompt rules are TokenCounter's and PromptPrefix's, applied as the tokens go by. A key sent
 * twice at any depth, skipped values included, stops the read: the backend (Python's json: the
 * last copy wins) could act on a value the gateway never saw, e.g. a second {@code role}.
 */
public final class RequestReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> SCALARS = Set.of("temperature", "max_tokens", "max_completion_tokens",
            "max_output_tokens", "n", "best_of");
    private static final Set<String> SCHEMAS = Set.of("tools", "functions", "response_format");

    private final byte[] bytes;
    private final ToLongFunction<String> counter;
    private final PromptWalk prompt;
    private final String requiredField;
    
    private int rootStart = -1;
    private String model;
    private boolean modelPresent;
    private int modelStart = -1;
    private int modelEnd = -1;
    private String user;
    private boolean userInvalid;
    private int required = RequestFacts.MISSING;
    private Boolean stream;
    private boolean streamInvalid;
    private int optionsStart = -1;
    private int optionsEnd = -1;
    private boolean wantsUsage;
    private ObjectNode scalars;
    private long messagesTokens = -1;
    private boolean promptPresent;
    private long promptTokens;
    private long inputTokens;
    private long extra;
    private String promptPrefix;

    private RequestReader(byte[] bytes, String requiredField, ToLongFunction<String> counter, ToLongFunction<String> partTokens) {
        this.bytes = bytes;
        this.requiredField = requiredField;
        this.counter = counter;
        this.prompt = new PromptWalk(counter, partTokens);
    }

    /**
     * @param requiredField the operation's field it cannot do without ({@code messages}, {@code prompt}, {@code input})
     * @param counter the tokenizer's count of a text
     * @param partTokens the fixed estimate of a content part by its {@code type} (images, audio, files)
     * @return null when the body is not a JSON object (but is valid JSON)
     * @throws IOException when the body is not valid JSON, has anything after its value, or names
     *         a key twice in one object (a {@link JsonParseException} "Duplicate field", with the
     *         parser's context at the key)
     */
    public static RequestFacts read(JsonFactory factory, byte[] bytes, String requiredField, ToLongFunction<String> counter,
            ToLongFunction<String> partTokens) throws IOException {
        try (JsonParser p = factory.createParser(bytes)) {
            // On this parser only: the factory's other parsers (the usage meter's) keep their cost.
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return new RequestReader(bytes, requiredField, counter, partTokens).root(p);
        }
    }

    private RequestFacts root(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            trailing(p);
            return null;
        }
        rootStart = offset(p);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            field(p, name);
        }
        trailing(p);
        if (messagesTokens < 0 && promptPrefix != null) {
            prompt.prefix().prompt(promptPrefix);
        }
        long tokens = messagesTokens >= 0 ? messagesTokens : promptPresent ? promptTokens : inputTokens;
        return new RequestFacts(rootStart, model, modelPresent, modelStart, modelEnd, user, userInvalid, required, stream,
                streamInvalid, optionsStart, optionsEnd, wantsUsage, scalars == null ? NODES.objectNode() : scalars,
                tokens, extra + prompt.extraTokens(), prompt.prefix().blocks(), prompt.prefix().text());
    }

    private void field(JsonParser p, String name) throws IOException {
        JsonToken t = p.currentToken();
        if (name.equals(requiredField)) {
            required = t == JsonToken.VALUE_NULL ? RequestFacts.EMPTY
                    : !t.isStructStart() ? RequestFacts.OTHER
                    : emptyContainer(offset(p)) ? RequestFacts.EMPTY
                    : t == JsonToken.START_ARRAY ? RequestFacts.ARRAY : RequestFacts.OTHER;
        }
        switch (name) {
            case "model" -> {
                modelPresent = t != JsonToken.VALUE_NULL;
                model = null;
                if (t == JsonToken.VALUE_STRING) {
                    modelStart = offset(p);
                    model = p.getText();
                    modelEnd = end(p);
                } else {
                    p.skipChildren();
                }
            }
            case "user" -> {
                user = t == JsonToken.VALUE_STRING ? p.getText() : null;
                userInvalid = t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NULL;
                p.skipChildren();
            }
            case "stream" -> {
                stream = t == JsonToken.VALUE_TRUE ? Boolean.TRUE : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                streamInvalid = stream == null && t != JsonToken.VALUE_NULL;
                p.skipChildren();
            }
            case "stream_options" -> streamOptions(p);
            case "messages" -> {
                if (t == JsonToken.START_ARRAY) {
                    messagesTokens = prompt.messages(p);
                } else {
                    p.skipChildren();
                }
            }
            case "prompt" -> {
                promptPresent = true;
                int start = offset(p);
                promptTokens = prompt.text(p);
                if (t == JsonToken.VALUE_STRING) {
                    promptPrefix = p.getText();
                } else if (t != JsonToken.VALUE_NULL) {
                    // A list of prompts or token ids: its JSON text stands for it, as the tree version did.
                    promptPrefix = new String(bytes, start, end(p) - start, StandardCharsets.UTF_8);
                }
            }
            case "input" -> inputTokens = prompt.text(p);
            default -> {
                if (SCALARS.contains(name)) {
                    scalar(p, name);
                } else if (SCHEMAS.contains(name) && t != JsonToken.VALUE_NULL) {
                    int start = offset(p);
                    p.skipChildren();
                    extra += counter.applyAsLong(new String(bytes, start, end(p) - start, StandardCharsets.UTF_8));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    private void streamOptions(JsonParser p) throws IOException {
        optionsStart = offset(p);
        wantsUsage = false;
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("include_usage")) {
                    // JsonNode.asBoolean(false)'s reading: true, a non-zero integer, or the text "true".
                    wantsUsage = v == JsonToken.VALUE_TRUE
                            || (v == JsonToken.VALUE_NUMBER_INT && p.getNumberValue().longValue() != 0)
                            || (v == JsonToken.VALUE_STRING && p.getText().trim().equals("true"));
                }
                p.skipChildren();
            }
        } else if (p.currentToken() == JsonToken.VALUE_STRING) {
            p.getText();
        } else {
            p.skipChildren();
        }
        optionsEnd = p.currentToken().isNumeric() ? numberEnd(optionsStart) : end(p);
    }

    private void scalar(JsonParser p, String name) throws IOException {
        if (scalars == null) {
            scalars = NODES.objectNode();
        }
        JsonNode value = switch (p.currentToken()) {
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> NODES.booleanNode(p.currentToken() == JsonToken.VALUE_TRUE);
            case VALUE_NULL -> NODES.nullNode();
            case START_ARRAY -> NODES.arrayNode();
            default -> NODES.objectNode();
        };
        p.skipChildren();
        scalars.set(name, value);
    }

    private static void trailing(JsonParser p) throws IOException {
        JsonToken next = p.nextToken();
        if (next != null) {
            throw new JsonParseException(p,
                    "Trailing token (of type " + next + ") found after value", p.currentTokenLocation());
        }
    }

    private static int offset(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** Just past the current token (a string read with getText, a closed container, a literal). */
    private static int end(JsonParser p) {
        return (int) p.currentLocation().getByteOffset();
    }

    /** Whether the container opening at {@code at} closes right away (whitespace aside). */
    private boolean emptyContainer(int at) {
        int i = at + 1;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i < bytes.length && (bytes[i] == ']' || bytes[i] == '}');
    }

    private int numberEnd(int from) {
        int i = from;
        while (i < bytes.length && "+-.eE0123456789".indexOf(bytes[i]) >= 0) {
            i++;
        }
        return i;
    }
}
