package ai.factory.gateway.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    void json_has_buckets_groups_and_totals() throws Exception {
        JsonNode body = new ObjectMapper().valueToTree(UsageReport.json(QUERY, ROWS));
        JsonNode first = body.get("data").get(0);
        assertEquals("2025-05-01T00:00:00Z", first.get("bucket").asText());
        assertEquals("chat-default", first.get("model").asText());
        assertTrue(first.has("product") && first.get("product").isNull(), "an empty group is written as null");
        assertEquals(150L, first.get("total_tokens").asLong());
        assertEquals(List.of("bucket", "requests", "input_tokens", "output_tokens", "cached_tokens", "total_tokens",
                "errors", "cache_hits", "estimated", "cost_usd", "model", "product"), fieldNames(first));
        JsonNode totals = body.get("totals");
        assertEquals(3L, totals.get("requests").asLong());
        assertEquals(160L, totals.get("total_tokens").asLong());
        assertEquals("2.000001623", totals.get("cost_usd").asText());
        assertEquals("[\"model\",\"product\"]", body.get("group_by").toString());
        assertEquals("acme", body.get("tenant").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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
