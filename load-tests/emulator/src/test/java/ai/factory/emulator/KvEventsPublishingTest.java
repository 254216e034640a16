package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The events on the wire, read with a plain ZMQ subscriber and a generic msgpack reader. */
class KvEventsPublishingTest {

    private static final String SYSTEM = "alpha beta gamma delta ".repeat(16); // 64 words: 4 blocks of 16

    private static String chat(String user) {
        return "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM
                + "\"},{\"role\":\"user\",\"content\":\"" + user + "\"}]}";
    }

    /** Every event received within the time, as [tag, ...] arrays, checking each message's frames. */
    private static List<ArrayValue> events(ZMQ.Socket sub, long[] nextSeq, int wantAtLeast) throws Exception {
        List<ArrayValue> out = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (out.size() < wantAtLeast && System.nanoTime() < deadline) {
            byte[] topic = sub.recv();
            if (topic == null) {
                continue;
            }
            assertEquals(0, topic.length, "vLLM's default topic is empty");
            byte[] seq = sub.recv();
            assertEquals(8, seq.length);
            long got = ByteBuffer.wrap(seq).getLong();
            if (nextSeq[0] >= 0) {
                assertEquals(nextSeq[0], got, "sequence numbers count up by one, so a gap is visible");
            }
            nextSeq[0] = got + 1;
            try (MessageUnpacker in = MessagePack.newDefaultUnpacker(sub.recv())) {
                ArrayValue batch = in.unpackValue().asArrayValue();
                assertTrue(batch.get(0).isFloatValue(), "ts first");
                for (Value event : batch.get(1).asArrayValue()) {
                    out.add(event.asArrayValue());
                }
            }
        }
        return out;
    }

    /**
     * PUB drops messages until the subscription has reached it, and when that happens is not
     * observable: probe with {@code /reset_prefix_cache} (each publishes AllBlocksCleared on an
     * empty cache) until one arrives. A subscriber that has heard nothing for 2 s is replaced by a
     * new one: about one connection in ten from jeromq's SUB never received anything here,
     * however long it waited. From then on every batch must arrive, numbered in order.
     */
    private static ZMQ.Socket subscribed(ZContext context, String endpoint, TestClient client, long[] seq)
            throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.setReceiveTimeOut(200);
            sub.subscribe(new byte[0]);
            sub.connect(endpoint);
            for (int probe = 0; probe < 10; probe++) {
                assertEquals(200, client.post("/reset_prefix_cache", "").statusCode());
                byte[] topic = sub.recv();
                if (topic == null) {
                    continue;
                }
                seq[0] = ByteBuffer.wrap(sub.recv()).getLong() + 1;
                try (MessageUnpacker in = MessagePack.newDefaultUnpacker(sub.recv())) {
                    ArrayValue events = in.unpackValue().asArrayValue().get(1).asArrayValue();
                    assertEquals("AllBlocksCleared", events.get(0).asArrayValue().get(0).asStringValue().asString());
                }
                // Later probes may still be in flight: drain them so the test starts from a quiet socket.
                while (sub.recv() != null) {
                    seq[0] = ByteBuffer.wrap(sub.recv()).getLong() + 1;
                    sub.recv();
                }
                return sub;
            }
            sub.close();
        }
        throw new AssertionError("no KV event reached a subscriber in 30 s");
    }

    @Test
    void publishes_block_stored_for_new_blocks_and_block_removed_for_evictions_in_vllm_format() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().ttftMillis(0).interTokenMillis(0)
                .kvCacheBlocks(6).kvEventsEndpoint("tcp://127.0.0.1:*").build();
        try (Emulator emulator = Emulator.start(config); ZContext context = new ZContext()) {
            assertNotNull(emulator.kvEventsEndpoint());
            TestClient client = new TestClient(emulator);
            long[] seq = {-1};
            ZMQ.Socket sub = subscribed(context, emulator.kvEventsEndpoint(), client, seq);

            assertEquals(200, client.post("/v1/chat/completions", chat("first")).statusCode());
            List<ArrayValue> first = events(sub, seq, 1);
            ArrayValue stored = first.get(0);
            assertEquals("BlockStored", stored.get(0).asStringValue().asString());
            assertEquals(7, stored.size(), "tag + block_hashes, parent, token_ids, block_size, lora_id, medium");
            assertEquals(4, stored.get(1).asArrayValue().size(), "the prompt's 4 full blocks (66+ words)");
            assertTrue(stored.get(2).isNilValue(), "they start the prompt: no parent");
            assertEquals(16, stored.get(4).asIntegerValue().asInt());

            // Another system prompt needs 4 blocks; a 6-block cache must evict 2 of the first's.
            assertEquals(200, client.post("/v1/chat/completions", chat("second").replace("alpha", "omega")).statusCode());
            List<ArrayValue> second = events(sub, seq, 3);
            long removed = second.stream().filter(e -> e.get(0).asStringValue().asString().equals("BlockRemoved"))
                    .mapToLong(e -> e.get(1).asArrayValue().size()).sum();
            assertEquals(2, removed);
        }
    }

    @Test
    void counts_the_subscribers_connected_to_its_publisher_and_sees_a_closed_one_leave() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().kvEventsEndpoint("tcp://127.0.0.1:*").build();
        try (Emulator emulator = Emulator.start(config); ZContext context = new ZContext()) {
            assertEquals(0, emulator.kvEventSubscribers());
            ZMQ.Socket first = context.createSocket(SocketType.SUB);
            first.connect(emulator.kvEventsEndpoint());
            ZMQ.Socket second = context.createSocket(SocketType.SUB);
            second.connect(emulator.kvEventsEndpoint());
            awaitSubscribers(emulator, 2);
            context.destroySocket(first);
            awaitSubscribers(emulator, 1);
            context.destroySocket(second);
            awaitSubscribers(emulator, 0);
        }
    }

    private static void awaitSubscribers(Emulator emulator, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (emulator.kvEventSubscribers() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, emulator.kvEventSubscribers());
    }

    @Test
    void reset_prefix_cache_is_refused_with_an_openai_error_while_a_sequence_runs() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().ttftMillis(0).interTokenMillis(200)
                .kvCacheBlocks(6).build();
        try (Emulator emulator = Emulator.start(config)) {
            TestClient client = new TestClient(emulator);
            var running = client.postAsync("/v1/chat/completions",
                    chat("long").replace("\"max_tokens\":1", "\"max_tokens\":20"));
            // Wait for the sequence to hold its blocks (a fixed sleep lost the race on a loaded machine).
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!client.get("/metrics").body().matches("(?s).*vllm:num_requests_running\\{[^}]*} 1(\\.0)?\n.*")
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            var refused = client.post("/reset_prefix_cache", "");
            assertEquals(409, refused.statusCode());
            assertTrue(refused.body().contains("\"type\":\"invalid_request_error\""), refused.body());
            assertEquals(200, running.get().statusCode());
            assertEquals(200, client.post("/reset_prefix_cache", "").statusCode());
        }
    }
}
