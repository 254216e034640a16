package ai.factory.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorSentencesTest {

    @Test
    void a_limit_says_when_to_retry_and_carries_the_request_id() {
        assertEquals("Your team has reached a usage limit. Try again in 12 s. (request id r1)",
                ErrorSentences.of(new TurnFailure(429, "rate_limit_exceeded", "x", 12), "summarize", "r1"));
    }

    @Test
    void a_refused_product_is_named() {
        assertEquals("Your team may not use translate here. (request id r2)",
                ErrorSentences.of(new TurnFailure(403, "product_not_entitled", "x", 0), "translate", "r2"));
    }

    @Test
    void a_failing_backend_is_one_sentence_without_internals() {
        assertEquals("The model service is failing right now; please try again shortly. (request id r3)",
                ErrorSentences.of(new TurnFailure(502, "backend_error", "pool gpu: connection refused", 0), "x", "r3"));
    }
}
