package ai.factory.gateway.http;

import io.micronaut.http.HttpRequest;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Two ids per request. The gateway's own ({@link #of}) is the ledger's identity and the
 * concurrency lease's member: generated here for every request, so a client can never make two
 * requests share one ledger row or one lease by sending the same {@code x-request-id}. The
 * client's {@code x-request-id} ({@link #clientOf}) is kept only as a correlation field: echoed in
 * the response, forwarded to the backend as {@code x-client-request-id}, logged, and stored in the
 * ledger's {@code client_request_id}.
 *
 * <p>Generated ids are ULID-like: {@code req_} and 26 base-32 digits, the first 10 the time in
 * milliseconds, the other 16 eighty random bits, so they sort by time (in logs and in the ledger's
 * primary-key index) and do not collide across instances. The random bits come from a
 * {@link SplittableRandom} per thread: the id needs uniqueness, not secrecy, and that never blocks
 * or contends on an event loop. Each thread's generator is seeded once from {@link SecureRandom},
 * not from the clock ({@code ThreadLocalRandom}'s default seed), so two instances started in the
 * same instant cannot draw the same sequence and write two requests under one ledger id.
 */
public final class RequestIds {

    /** The client's correlation id on the way in; on the way out, that id echoed, or ours when it sent none. */
    public static final String HEADER = "x-request-id";
    /** The gateway's own id, on every response: what the ledger and the usage API know the request by. */
    public static final String GATEWAY_HEADER = "x-gateway-request-id";
    /** The client's id as forwarded to a backend, whose own {@code x-request-id} is ours (unique). */
    public static final String CLIENT_HEADER_TO_BACKEND = "x-client-request-id";
    static final String ATTRIBUTE = "gateway.request-id";
    static final String CLIENT_ATTRIBUTE = "gateway.client-request-id";
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

    private RequestIds() {
    }

    /** The gateway's id of this request (generated once per request by {@link RequestIdFilter}). */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = generate();
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }

    /** The client's {@code x-request-id} when it sent a valid one, else null. */
    public static String clientOf(HttpRequest<?> request) {
        return request.getAttribute(CLIENT_ATTRIBUTE, String.class).orElse(null);
    }

    public static String generate() {
        return generate(System.currentTimeMillis(), RANDOM.get());
    }

    /** This thread's generator (for tests that fix the time). */
    static RandomGenerator threadRandom() {
        return RANDOM.get();
    }

    static String generate(long millis, RandomGenerator random) {
        char[] id = new char[30];
        id[0] = 'r';
        id[1] = 'e';
        id[2] = 'q';
        id[3] = '_';
        // 48 bits of time in 10 digits (50 bits: the top two are zero until the year 10889).
        for (int i = 13; i >= 4; i--) {
            id[i] = BASE32[(int) (millis & 31)];
            millis >>>= 5;
        }
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 14; i < 30; i++) {
            int digit;
            if (i < 26) {
                digit = (int) (high & 31);
                high >>>= 5;
            } else {
                digit = (int) (low & 31);
                low >>>= 5;
            }
            id[i] = BASE32[digit];
        }
        return new String(id);
    }
}
