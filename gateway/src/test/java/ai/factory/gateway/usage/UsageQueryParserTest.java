package ai.factory.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.gateway.error.GatewayError;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageQueryParserTest {

    private static final Instant NOW = Instant.parse("2025-05-20T10:17:42Z");

    private static UsageQuery parse(String from, String to, String granularity, String groupBy) {
        return UsageQueryParser.parse("acme", from, to, granularity, groupBy, false, NOW);
    }

    private static String rejectedParam(Runnable call) {
        GatewayError e = assertThrows(GatewayError.class, call::run);
        assertEquals(400, e.status());
        assertEquals("invalid_request_error", e.type());
        return e.param();
    }

    @Test
    void dates_cover_whole_utc_days_with_to_inclusive() {
        UsageQuery q = parse("2025-05-01", "2025-05-31", null, null);
        assertEquals(Instant.parse("2025-05-01T00:00:00Z"), q.from());
        assertEquals(Instant.parse("2025-06-01T00:00:00Z"), q.to());
        assertEquals(Granularity.DAY, q.granularity());
    }

    @Test
    void instants_are_widened_to_whole_buckets() {
        UsageQuery q = parse("2025-05-20T08:30:00Z", "2025-05-20T09:10:00+00:00", "hour", null);
        assertEquals(Instant.parse("2025-05-20T08:00:00Z"), q.from());
        assertEquals(Instant.parse("2025-05-20T10:00:00Z"), q.to());
    }

    @Test
    void defaults_are_the_granularitys_span_up_to_now() {
        UsageQuery q = parse(null, null, "minute", null);
        assertEquals(Instant.parse("2025-05-20T09:17:00Z"), q.from());
        assertEquals(Instant.parse("2025-05-20T10:18:00Z"), q.to());
    }

    @Test
    void group_by_takes_a_list_in_order_without_repeats() {
        assertEquals(List.of(Dimension.MODEL, Dimension.KEY), parse(null, null, null, "model, key,model").groupBy());
    }

    @Test
    void bad_parameters_are_refused_naming_the_parameter() {
        assertEquals("from", rejectedParam(() -> parse("yesterday", null, null, null)));
        assertEquals("to", rejectedParam(() -> parse(null, "2025-13-01", null, null)));
        assertEquals("granularity", rejectedParam(() -> parse(null, null, "week", null)));
        assertEquals("group_by", rejectedParam(() -> parse(null, null, null, "model,colour")));
        assertEquals("from", rejectedParam(() -> parse("2025-05-02", "2025-05-01T00:00:00Z", null, null)));
        assertEquals("to", rejectedParam(() -> parse("2025-01-01", "2025-05-01", "minute", null)));
    }

    @Test
    void only_the_admin_api_groups_by_tenant() {
        assertEquals("group_by", rejectedParam(() -> parse(null, null, null, "tenant")));
        assertEquals(List.of(Dimension.TENANT),
                UsageQueryParser.parse(null, null, null, null, "tenant", true, NOW).groupBy());
    }
}
