package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.error.GatewayError;
import org.junit.jupiter.api.Test;

/** What a 429 tells the client to wait, per kind of limit. */
class RejectionTest {

    private static final long LEASE_TTL = 600_000;

    private static Bucket bucket(BucketKind kind, long limit, long window) {
        return new Bucket(kind, "{acme}:t:" + kind.name().toLowerCase(), limit, window, 1, null);
    }

    @Test
    void a_concurrency_refusal_says_retry_after_one_second_not_when_the_oldest_lease_expires() {
        GatewayError refused = Rejection.of(bucket(BucketKind.CONCURRENCY, 1, LEASE_TTL), 599_400, -1);
        assertEquals(429, refused.status());
        assertEquals("1", refused.retryAfter());
        assertEquals("rate_limit_exceeded", refused.code());
        assertTrue(refused.getMessage().contains("retry after 1 s"), refused.getMessage());
    }

    @Test
    void a_concurrency_refusal_that_waiting_cannot_cure_still_has_no_retry_after() {
        GatewayError refused = Rejection.of(bucket(BucketKind.CONCURRENCY, 0, LEASE_TTL), -1, -1);
        assertNull(refused.retryAfter());
    }

    @Test
    void a_request_rate_refusal_keeps_the_time_until_the_bucket_refills_rounded_up() {
        assertEquals("13", Rejection.of(bucket(BucketKind.REQUESTS, 5, 60_000), 12_001, -1).retryAfter());
        assertEquals("1", Rejection.of(bucket(BucketKind.REQUESTS, 5, 60_000), 0, -1).retryAfter());
    }

    @Test
    void a_budget_refusal_waits_for_the_budget_window_to_turn_over() {
        GatewayError refused = Rejection.of(bucket(BucketKind.DAILY_TOKENS, 100, 86_400_000), 5_000, 3_600_000);
        assertEquals("3600", refused.retryAfter());
        assertEquals("insufficient_quota", refused.code());
    }
}
