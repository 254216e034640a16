package ai.factory.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.http.simple.SimpleHttpRequestFactory;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

/** A prepared call's origin reaches the exchange, also on the request type the server has without an HTTP client. */
class OriginTest {

    @Test
    void a_marked_request_gives_its_channel_and_end_user_to_the_exchange() {
        Exchange x = new Exchange("r1", Context.root(), null, null);
        Origin.apply(new Origin("slack", "0a1b").on(new SimpleHttpRequestFactory().post("/chat", "")), x);
        assertEquals("slack", x.channel);
        assertEquals("0a1b", x.endUser);
    }

    @Test
    void an_unmarked_request_leaves_them_empty() {
        Exchange x = new Exchange("r2", Context.root(), null, null);
        Origin.apply(new SimpleHttpRequestFactory().post("/v1/products/x/invoke", ""), x);
        assertNull(x.channel);
        assertNull(x.endUser);
    }
}
