package ai.factory.gateway.accounting.flush;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.accounting.UsageEventCodec;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryDecoderTest {

    static UsageEvent event(String requestId) {
        return new UsageEvent(requestId, 1_700_000_000_000L, "acme", "key-1", null, "chat", "chat-default",
                "llama", "gpu", "http://gpu-1", 10, 5, 2, 1234, UsageEvent.OK, false, 0, 100, 20, false, 200);
    }

    private static Map.Entry<String, Map<String, String>> entry(String id, Map<String, String> fields) {
        return new AbstractMap.SimpleImmutableEntry<>(id, fields);
    }

    @Test
    void well_formed_entries_become_events_with_their_stream_ids() {
        DecodedBatch d = EntryDecoder.decode(List.of(entry("1-0", event("r1").toFields()),
                entry("2-0", event("r2").toFields())));
        assertEquals(2, d.events().size());
        assertEquals("1-0", d.events().get(0).streamId());
        assertEquals(event("r2"), d.events().get(1).event());
        assertTrue(d.deadLetters().isEmpty());
        assertEquals(List.of("1-0", "2-0"), d.allIds());
    }

    @Test
    void malformed_entries_are_dead_letters_but_still_acknowledged() {
        Map<String, String> badNumber = new HashMap<>(event("r3").toFields());
        badNumber.put("input_tokens", "many");
        Map<String, String> noTenant = new HashMap<>(event("r4").toFields());
        noTenant.remove("tenant");
        DecodedBatch d = EntryDecoder.decode(List.of(entry("1-0", badNumber), entry("2-0", noTenant),
                entry("3-0", Map.of("junk", "x")), entry("4-0", event("r5").toFields())));
        assertEquals(1, d.events().size());
        assertEquals(3, d.deadLetters().size());
        assertEquals("no tenant", d.deadLetters().get(1).reason());
        assertEquals(List.of("1-0", "2-0", "3-0", "4-0"), d.allIds());
    }

    @Test
    void the_same_request_twice_in_one_batch_is_kept_once() {
        DecodedBatch d = EntryDecoder.decode(List.of(entry("1-0", event("r1").toFields()),
                entry("2-0", event("r1").toFields())));
        assertEquals(1, d.events().size());
        assertEquals(List.of("1-0", "2-0"), d.allIds());
    }

    @Test
    void negative_tokens_are_not_billable() {
        UsageEvent e = event("r1");
        UsageEvent negative = new UsageEvent(e.requestId(), e.timestampMillis(), e.tenantId(), e.keyId(), null, "chat",
                null, null, null, null, -1, 0, 0, 0, UsageEvent.OK, false, 0, 0, 0, false, 200);
        assertEquals(1, EntryDecoder.decode(List.of(entry("1-0", negative.toFields()))).deadLetters().size());
    }

    @Test
    void entries_in_the_encoded_and_the_older_field_per_field_form_land_side_by_side() {
        UsageEvent chat = new UsageEvent("r9", 1_700_000_000_000L, "acme", "key-1", "summarize", "chat", "chat-default",
                "llama", "gpu", "http://gpu-1", 10, 5, 2, 1234, UsageEvent.OK, true, 1, 100, 20, true, 200, "client-1",
                "0af7651916cd43dd8448eb211c80319c", "slack", "user-hash");
        DecodedBatch d = EntryDecoder.decode(List.of(
                entry("1-0", Map.of(UsageEventCodec.FIELD, UsageEventCodec.encode(chat))),
                entry("2-0", event("r2").toFields())));
        assertEquals(List.of(chat, event("r2")), d.events().stream().map(DecodedBatch.Entry::event).toList());
        assertTrue(d.deadLetters().isEmpty());
    }

    @Test
    void a_cut_or_foreign_encoded_entry_is_dead_lettered_and_the_next_one_still_lands() {
        String whole = UsageEventCodec.encode(event("r1"));
        DecodedBatch d = EntryDecoder.decode(List.of(
                entry("1-0", Map.of(UsageEventCodec.FIELD, whole.substring(0, whole.length() / 2))),
                entry("2-0", Map.of(UsageEventCodec.FIELD, "{\"request_id\":\"r3\"}")),
                entry("3-0", Map.of(UsageEventCodec.FIELD, UsageEventCodec.encode(event("r4"))))));
        assertEquals(List.of("1-0", "2-0"), d.deadLetters().stream().map(DeadLetter::streamId).toList());
        assertEquals(List.of(event("r4")), d.events().stream().map(DecodedBatch.Entry::event).toList());
    }
}
