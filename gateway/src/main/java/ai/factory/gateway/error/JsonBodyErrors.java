package ai.factory.gateway.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request body Jackson would not read, as the 400 a client can act on: a key sent twice is named
 * in the message and, with its path ({@code messages[0].role}), in {@code param}; anything else is
 * "not valid JSON" with Jackson's reason. Keys are the client's text: cut and stripped of control
 * characters before they are echoed.
 */
public final class JsonBodyErrors {

    private static final String DUPLICATE = "Duplicate field '";
    private static final int ECHOED = 64;
    private static final int PATH_ECHOED = 200;

    private JsonBodyErrors() {
    }

    /** The 400 for {@code failure} when a JSON read is somewhere in its causes, else null. */
    public static GatewayError of(Throwable failure) {
        JsonProcessingException json = find(failure);
        if (json == null) {
            return null;
        }
        GatewayError twice = duplicate(json);
        return twice != null ? twice : GatewayError.invalidRequest(null, "request body is not valid JSON: " + json.getOriginalMessage());
    }

    /** The 400 for a body that could not be read as JSON. */
    public static GatewayError invalid(IOException failure) {
        GatewayError json = of(failure);
        return json != null ? json : GatewayError.invalidRequest(null, "request body is not valid JSON: " + failure.getMessage());
    }

    /** The 400 for a key sent twice, {@code param} its path; null when {@code failure} is another. */
    public static GatewayError duplicate(Throwable failure) {
        String key = duplicateKey(failure);
        if (key == null) {
            return null;
        }
        String path = duplicatePath(failure, key);
        String at = path.equals(key) ? "" : " (at " + path + ")";
        return GatewayError.invalidRequest(path, "'" + key + "' appears more than once in the request body" + at);
    }

    /** The key a duplicate-key failure names, cut for echoing; null for any other failure. */
    public static String duplicateKey(Throwable failure) {
        JsonParseException parse = duplicateFailure(failure);
        if (parse == null) {
            return null;
        }
        // The parser's current name is the key it refused; the message quotes it too, unescaped.
        JsonStreamContext context = context(parse);
        String current = context == null ? null : context.getCurrentName();
        String message = parse.getOriginalMessage();
        return printable(current != null ? current
                : message.substring(DUPLICATE.length(), Math.max(DUPLICATE.length(), message.lastIndexOf('\''))));
    }

    /**
     * Where the refused key sits, {@code messages[0].role}, from the parser's contexts (the parse
     * stopped at the key, so they are still there); the key alone when they are not.
     */
    private static String duplicatePath(Throwable failure, String key) {
        JsonStreamContext context = context(duplicateFailure(failure));
        if (context == null || context.getCurrentName() == null) {
            return key;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.addFirst(c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + printable(String.valueOf(c.getCurrentName())));
        }
        String path = String.join("", parts);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.length() > PATH_ECHOED ? path.substring(0, PATH_ECHOED) : path;
    }

    private static JsonParseException duplicateFailure(Throwable failure) {
        JsonProcessingException json = find(failure);
        String message = json == null ? null : json.getOriginalMessage();
        return json instanceof JsonParseException parse && message != null && message.startsWith(DUPLICATE) ? parse : null;
    }

    private static JsonStreamContext context(JsonParseException parse) {
        JsonParser parser = parse == null ? null : parse.getProcessor();
        return parser == null ? null : parser.getParsingContext();
    }

    private static String printable(String key) {
        String printable = key.replaceAll("\\p{Cntrl}", "");
        return printable.length() > ECHOED ? printable.substring(0, ECHOED) : printable;
    }

    private static JsonProcessingException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }
}
