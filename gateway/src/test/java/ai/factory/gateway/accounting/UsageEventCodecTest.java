package ai.factory.gateway.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageEventCodecTest {

    private static UsageEvent full() {
        return new UsageEvent("req-1", 1_700_000_000_123L, "acme", "key-1", "summarize", "chat", "chat-default",
                "llama-3", "gpu-a", "http://gpu-1:8000", 1_000, 250, 100, 987_654_321L, UsageEvent.OK, true, 2, 830, -1,
                true, 200, "client:7~x", "0af7651916cd43dd8448eb211c80319c", "telegram", "u1:ha~sh");
    }

    @Test
    void every_field_survives_the_round_trip_separators_and_unicode_included() {
        UsageEvent event = full();
        assertEquals(event, UsageEventCodec.decode(UsageEventCodec.encode(event)));
        UsageEvent odd = new UsageEvent("r:2~", 1L, "tënant 東京", "k", null, "chat", null, null, null, null, 0, 0, 0, 0,
                UsageEvent.ERROR, false, 0, 0, 0, false, 502, null, null, null, null);
        assertEquals(odd, UsageEventCodec.decode(UsageEventCodec.encode(odd)));
    }

    @Test
    void an_empty_text_stays_empty_and_a_missing_one_stays_null() {
        UsageEvent event = new UsageEvent("r", 1L, "t", "k", "", "chat", null, null, null, null, 0, 0, 0, 0,
                UsageEvent.OK, false, 0, 0, 0, false, 200, "", null, null, null);
        UsageEvent back = UsageEventCodec.decode(UsageEventCodec.encode(event));
        assertEquals("", back.product());
        assertEquals(null, back.modelAlias());
        assertEquals("", back.clientRequestId());
    }

    @Test
    void an_entry_in_the_older_form_decodes_to_the_same_event() {
        assertEquals(full(), UsageEventCodec.fromEntry(full().toFields()));
        assertEquals(full(), UsageEventCodec.fromEntry(Map.of(UsageEventCodec.FIELD, UsageEventCodec.encode(full()))));
    }

    @Test
    void a_value_cut_at_any_point_is_refused_never_landed_with_nulls() {
        String whole = UsageEventCodec.encode(full());
        for (int cut = 0; cut < whole.length(); cut++) {
            String part = whole.substring(0, cut);
            assertThrows(IllegalArgumentException.class, () -> UsageEventCodec.decode(part), "cut at " + cut);
        }
    }

    @Test
    void fields_appended_by_a_newer_release_are_ignored() {
        String newer = UsageEventCodec.encode(full()) + "3:new~";
        assertEquals(full(), UsageEventCodec.decode(newer));
    }
}
