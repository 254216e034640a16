package ai.factory.gateway.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;

/**
 * A request body Jackson would not read, as the 400 a client can act on: a key sent twice is named
 * in {@code param} and the message (the wording of the proxy path's own check), anything else is
 * "not valid JSON" with Jackson's reason. The key is the client's text: cut and stripped of control
 * characters before it is echoed.
 */
public final class JsonBodyErrors {

    private static final String DUPLICATE = "Duplicate field '";
    private static final int ECHOED = 64;

    private JsonBodyErrors() {
    }

    /** The 400 for {@code failure} when a JSON read is somewhere in its causes, else null. */
    public static GatewayError of(Throwable failure) {
        JsonProcessingException json = find(failure);
        if (json == null) {
            return null;
        }
        String key = duplicateKey(json);
        if (key != null) {
            return GatewayError.invalidRequest(key, "'" + key + "' appears more than once in the request body");
        }
        return GatewayError.invalidRequest(null, "request body is not valid JSON: " + json.getOriginalMessage());
    }

    /** The 400 for a body that could not be read as JSON. */
    public static GatewayError invalid(IOException failure) {
        GatewayError json = of(failure);
        return json != null ? json : GatewayError.invalidRequest(null, "request body is not valid JSON: " + failure.getMessage());
    }

    /** The key a duplicate-key failure names, cut for echoing; null for any other failure. */
    public static String duplicateKey(Throwable failure) {
        JsonProcessingException json = find(failure);
        String message = json == null ? null : json.getOriginalMessage();
        if (!(json instanceof JsonParseException parse) || message == null || !message.startsWith(DUPLICATE)) {
            return null;
        }
        // The parser's current name is the key it refused; the message quotes it too, unescaped.
        JsonParser parser = parse.getProcessor();
        String current = parser == null || parser.getParsingContext() == null ? null : parser.getParsingContext().getCurrentName();
        String key = current != null ? current : message.substring(DUPLICATE.length(), Math.max(DUPLICATE.length(), message.lastIndexOf('\'')));
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
