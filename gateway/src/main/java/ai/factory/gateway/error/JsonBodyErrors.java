package ai.factory.gateway.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
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
    private static final String SHAPE = "request body does not have the expected shape";

    private JsonBodyErrors() {
    }

    /** The 400 for {@code failure} when a JSON read is somewhere in its causes, else null. */
    public static GatewayError of(Throwable failure) {
        JsonProcessingException json = find(failure);
        if (json == null) {
            return null;
        }
        GatewayError twice = duplicate(json);
        if (twice != null) {
            return twice;
        }
        if (json instanceof JsonMappingException mapping) {
            return shape(mapping);
        }
        // A parser's message names no class; its location is the parser's own (line, column).
        return GatewayError.invalidRequest(null, "request body is not valid JSON: " + json.getOriginalMessage());
    }

    /** The 400 for a body that is a JSON value of another kind where an object is bound. */
    public static GatewayError notAnObject() {
        return GatewayError.invalidRequest(null, SHAPE + ": expected an object");
    }

    /**
     * Valid JSON of the wrong shape for the bound type, as the JSON path and the kind of value
     * expected: Jackson's own message names the gateway's classes, which stay out of responses.
     */
    private static GatewayError shape(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        // Each key is cut already; a deep body still makes a long path, cut as a duplicate's is.
        String where = path.length() > PATH_ECHOED ? path.substring(0, PATH_ECHOED) : path.toString();
        String at = where.isEmpty() ? "" : " at '" + where + "'";
        Class<?> expected = mapping instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        String kind = expected == null ? "" : ": expected " + kind(expected);
        return GatewayError.invalidRequest(where.isEmpty() ? null : where, SHAPE + at + kind);
    }

    private static String kind(Class<?> type) {
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isPrimitive() && type != boolean.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type.isEnum() ? "one of the allowed values" : "an object";
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

    /**
     * The innermost JSON failure among the causes: binding wraps the parser's refusal (a key sent
     * twice, a control character) in a mapping exception, and the parser's is the one to report.
     */
    private static JsonProcessingException find(Throwable failure) {
        JsonProcessingException found = null;
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 32; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                found = json;
            }
        }
        return found;
    }
}
