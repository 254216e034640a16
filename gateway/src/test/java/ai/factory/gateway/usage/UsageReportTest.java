package ai.factory.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageReportTest {

    private static final UsageQuery QUERY = new UsageQuery("acme", Instant.parse("2025-05-01T00:00:00Z"),
            Instant.parse("2025-05-03T00:00:00Z"), Granularity.DAY, List.of(Dimension.MODEL, Dimension.PRODUCT));
    private static final List<UsageRow> ROWS = List.of(
            new UsageRow(Instant.parse("2025-05-01T00:00:00Z"), List.of("chat-default", ""),
                    new UsageCounts(2, 100, 50, 10, 1_500, 1, 0, 0)),
            new UsageRow(Instant.parse("2025-05-02T00:00:00Z"), List.of("chat, \"large\"", "summarize"),
                    new UsageCounts(1, 7, 3, 0, 2_000_000_123L, 0, 1, 1)));

    @Test
    void cost_is_an_exact_usd_decimal_string() {
        assertEquals("0.000001500", new UsageCounts(0, 0, 0, 0, 1_500, 0, 0, 0).costUsd());
        assertEquals("2.000000123", new UsageCounts(0, 0, 0, 0, 2_000_000_123L, 0, 0, 0).costUsd());
    }

    @Test
    @SuppressWarnings("unchecked")
    void json_has_buckets_groups_and_totals() {
        Map<String, Object> body = UsageReport.json(QUERY, ROWS);
        List<Map<String, Object>> data = (List<Map<String, Object>>) body.get("data");
        assertEquals("2025-05-01T00:00:00Z", data.get(0).get("bucket"));
        assertEquals("chat-default", data.get(0).get("model"));
        assertEquals(null, data.get(0).get("product"));
        assertEquals(150L, data.get(0).get("total_tokens"));
        Map<String, Object> totals = (Map<String, Object>) body.get("totals");
        assertEquals(3L, totals.get("requests"));
        assertEquals(160L, totals.get("total_tokens"));
        assertEquals("2.000001623", totals.get("cost_usd"));
        assertEquals(List.of("model", "product"), body.get("group_by"));
    }

    @Test
    void csv_has_a_header_and_quotes_cells_with_separators() {
        String csv = UsageReport.csv(QUERY, ROWS);
        assertEquals("bucket,model,product,requests,input_tokens,output_tokens,cached_tokens,total_tokens,errors,"
                + "cache_hits,estimated,cost_usd\r\n"
                + "2025-05-01T00:00:00Z,chat-default,,2,100,50,10,150,1,0,0,0.000001500\r\n"
                + "2025-05-02T00:00:00Z,\"chat, \"\"large\"\"\",summarize,1,7,3,0,10,0,1,1,2.000000123\r\n", csv);
    }

    @Test
    void csv_cells_never_start_a_spreadsheet_formula() {
        assertEquals("'=HYPERLINK(1)", UsageReport.cell("=HYPERLINK(1)"));
        assertEquals("-5", UsageReport.cell("-5"));
    }

    @Test
    void csv_cells_starting_with_a_tab_or_carriage_return_are_neutralised_too() {
        assertEquals("'\t=1+1", UsageReport.cell("\t=1+1"));
        assertEquals("\"'\r=1+1\"", UsageReport.cell("\r=1+1"));
        assertEquals("'+1 555", UsageReport.cell("+1 555"));
        assertEquals("'@SUM(A1)", UsageReport.cell("@SUM(A1)"));
        assertEquals("'-x", UsageReport.cell("-x"));
        String csv = UsageReport.csv(QUERY, List.of(new UsageRow(Instant.parse("2025-05-01T00:00:00Z"),
                List.of("\tcmd|' /C calc'!A0", "x"), ROWS.get(0).counts())));
        assertTrue(csv.contains(",'\tcmd|' /C calc'!A0,"), csv);
    }
}
