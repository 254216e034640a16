package ai.factory.gateway.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.fallback.AllTargetsFailed;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendErrorsTest {

    private static final AllTargetsFailed CHAIN = new AllTargetsFailed("chat-default", List.of(
            new BackendFailure(BackendFailure.Kind.CONNECT, "gpu-a@http://10.0.0.7:8000", 0,
                    "java.net.ConnectException: Connection refused", null, null),
            new BackendFailure(BackendFailure.Kind.SERVER_ERROR, "gpu-b@http://10.0.0.9:8000", 500,
                    "HTTP 500 CUDA out of memory on node gpu-17", null, null),
            new BackendFailure(BackendFailure.Kind.NO_CAPACITY, "pool gpu-c", 0, "all endpoints busy", "3", null)));

    @Test
    void the_tenant_message_names_the_model_the_pools_and_the_request_id_only() {
        GatewayError error = ErrorResponses.forTenant(CHAIN, "req_1", null);
        String message = error.getMessage();
        assertEquals(503, error.status());
        assertEquals("backend_unavailable", error.code());
        assertEquals("3", error.retryAfter());
        assertTrue(message.contains("'chat-default'") && message.contains("all 3 attempts failed")
                && message.contains("pools tried: gpu-a, gpu-b, gpu-c") && message.contains("req_1"), message);
        for (String internal : List.of("10.0.0.7", "10.0.0.9", "Connection refused", "CUDA", "gpu-17", "busy")) {
            assertFalse(message.contains(internal), message);
        }
    }

    @Test
    void the_full_detail_travels_only_in_the_operator_header() {
        GatewayError error = ErrorResponses.forTenant(CHAIN, "req_1", null);
        String detail = error.headers().get(ErrorResponses.DETAIL_HEADER);
        assertTrue(detail.contains("10.0.0.9:8000") && detail.contains("CUDA out of memory"), detail);
    }

    @Test
    void the_detail_header_is_one_bounded_line() {
        String value = FailureReport.headerValue("a\r\nb\tc" + "x".repeat(5000));
        assertFalse(value.contains("\n") || value.contains("\r"));
        assertEquals(1024, value.length());
    }

    @Test
    void pool_names_come_from_either_form_of_where() {
        assertEquals("gpu-a", BackendErrors.pool("gpu-a@http://10.0.0.7:8000"));
        assertEquals("gpu-c", BackendErrors.pool("pool gpu-c"));
    }
}
