package ai.factory.gateway.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.hostile.HostileRequest.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostileRequestsTest {

    @Test
    void the_same_seed_draws_the_same_requests_byte_for_byte() {
        List<HostileRequest> a = HostileRequests.draw(42, 500, Set.of());
        List<HostileRequest> b = HostileRequests.draw(42, 500, Set.of());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).requestLine(), b.get(i).requestLine());
            assertEquals(a.get(i).headers(), b.get(i).headers());
            assertArrayEquals(a.get(i).body(), b.get(i).body());
        }
        assertNotEquals(a.stream().map(HostileRequest::requestLine).toList(),
                HostileRequests.draw(43, 500, Set.of()).stream().map(HostileRequest::requestLine).toList());
    }

    @Test
    void ten_thousand_draws_cover_every_family_and_skipped_families_stay_out() {
        Set<Kind> seen = EnumSet.noneOf(Kind.class);
        HostileRequests.draw(HostileTrafficIT.DEFAULT_SEED, 10_000, Set.of()).forEach(r -> seen.add(r.kind()));
        assertEquals(EnumSet.allOf(Kind.class), seen);
        assertFalse(HostileRequests.draw(1, 2_000, Set.of(Kind.IDENTIFIERS)).stream()
                .anyMatch(r -> r.kind() == Kind.IDENTIFIERS));
    }

    @Test
    void the_runner_adds_the_key_and_a_truthful_length_unless_the_request_brings_its_own() {
        HostileRequest plain = new HostileRequest(Kind.VALID, HostileRequest.Tenant.BODY, "POST /v1/chat/completions HTTP/1.1",
                List.of("x-a: {KEY}"), "{}".getBytes(), true, RawHttp.Delivery.WHOLE, null, HostileRequest.Row.IF_ANSWERED);
        String head = new String(HostileRun.head(plain, java.util.Map.of(HostileRequest.Tenant.BODY, "sk-1")));
        assertTrue(head.contains("authorization: Bearer sk-1\r\n") && head.contains("x-a: sk-1\r\n")
                && head.endsWith("content-length: 2\r\n\r\n"), head);
        HostileRequest own = new HostileRequest(Kind.HEADERS, HostileRequest.Tenant.BODY, "POST / HTTP/1.1",
                List.of("authorization: Bearer other"), new byte[0], false, RawHttp.Delivery.WHOLE, null, HostileRequest.Row.NEVER);
        String ownHead = new String(HostileRun.head(own, java.util.Map.of(HostileRequest.Tenant.BODY, "sk-1")));
        assertFalse(ownHead.contains("sk-1") || ownHead.contains("content-length"), ownHead);
    }

    @Test
    void protected_paths_are_recognised_however_they_are_spelled() {
        for (String p : List.of("//admin/tenants", "/%61dmin/tenants", "/admin;x/tenants", "/v1/../admin/tenants",
                "/prometheus", "/health/..;/beans", "/ops/../admin/tenants")) {
            assertTrue(ResponseInvariants.isProtected(p), p);
        }
        for (String p : List.of("/v1/chat/completions", "/v1/usage", "/health", "/v1/chat/completions;x")) {
            assertFalse(ResponseInvariants.isProtected(p), p);
        }
    }
}
