package ai.factory.gateway.http;

import ai.factory.gateway.error.GatewayError;

/**
 * The identifiers a client may send, checked at the edge before anything stores them, labels a
 * metric with them or hashes them into a key. An identifier reaches the ledger's primary and roll-up
 * keys, Redis keys, log lines and headers, so each is bounded in length and in characters: a 5 KB
 * model name once stopped the ledger for every tenant ({@code index row size exceeds btree maximum}).
 * A bad one is a 400 naming the parameter. Plain Java.
 */
public final class ClientIds {

    /** Model aliases and served model names: {@code chat-default}, {@code meta-llama/Llama-3.1-8B}, {@code ft:x:y}. */
    public static final int MAX_MODEL = 128;
    /** Product ids are manifest ids: {@code meeting-minutes}. */
    public static final int MAX_PRODUCT = 64;
    /** Request and session ids: a UUID, a W3C trace id, a ULID all fit well within. */
    public static final int MAX_TOKEN = 128;
    /** OpenAI's end-user id {@code user}: opaque, forwarded to the backend. */
    public static final int MAX_END_USER = 256;

    private ClientIds() {
    }

    public static String model(String param, String value) {
        return check(param, value, MAX_MODEL, ClientIds::modelChar,
                "letters, digits and . _ - : / @ +");
    }

    public static String product(String value) {
        return check("product", value, MAX_PRODUCT, c -> isAlnum(c) || c == '.' || c == '_' || c == '-',
                "letters, digits and . _ -");
    }

    /** A header-borne id ({@code x-request-id}, {@code x-session-id}): visible ASCII without separators. */
    public static String token(String param, String value) {
        return check(param, value, MAX_TOKEN, ClientIds::tokenChar,
                "visible ASCII without spaces, quotes, commas, semicolons or backslashes");
    }

    /** The body's {@code user}: any printable text, no control characters. */
    public static String endUser(String value) {
        return check("user", value, MAX_END_USER, c -> !Character.isISOControl(c) && c != '\u2028' && c != '\u2029',
                "printable characters (no control characters or line breaks)");
    }

    /** True when {@code value} would pass {@link #token}; for callers that drop rather than refuse. */
    public static boolean isToken(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_TOKEN && value.chars().allMatch(c -> tokenChar((char) c));
    }

    private static String check(String param, String value, int max, CharTest allowed, String alphabet) {
        if (value == null || value.isEmpty()) {
            throw GatewayError.invalidRequest(param, "'" + param + "' must not be empty");
        }
        if (value.length() > max) {
            // Never echo the value: it is what is too long.
            throw GatewayError.invalidRequest(param, "'" + param + "' is " + value.length()
                    + " characters long; at most " + max + " are allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (!allowed.test(value.charAt(i))) {
                throw GatewayError.invalidRequest(param, "'" + param + "' has a character not allowed at position "
                        + (i + 1) + "; it may hold " + alphabet);
            }
        }
        return value;
    }

    private static boolean modelChar(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '@' || c == '+';
    }

    private static boolean tokenChar(char c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    @FunctionalInterface
    private interface CharTest {
        boolean test(char c);
    }
}
