package ai.factory.gateway.http;

import io.micronaut.http.HttpRequest;
import java.security.SecureRandom;

/**
 * The request id: the client's {@code x-request-id} when it is a sane token (so a caller can
 * correlate its own logs), otherwise a fresh one. Stored once on the request by {@link RequestIdFilter}.
 */
public final class RequestIds {

    public static final String HEADER = "x-request-id";
    static final String ATTRIBUTE = "gateway.request-id";
    private static final int MAX_LENGTH = 128;
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> choose(request.getHeaders().get(HEADER)));
    }

    static String choose(String offered) {
        if (offered != null && !offered.isEmpty() && offered.length() <= MAX_LENGTH && isToken(offered)) {
            return offered;
        }
        return generate();
    }

    public static String generate() {
        char[] id = new char[24];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return "req_" + new String(id);
    }

    /** Only visible ASCII without separators, so the id is safe in headers and log lines. */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
