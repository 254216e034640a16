package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LoraSlotsTest {

    private final List<String> started = new ArrayList<>();

    /** A job named {@code name} on {@code adapter}; records "name" or "name+load" when it starts. */
    private BatchScheduler.Job job(String name, String adapter) {
        return new BatchScheduler.Job() {
            private boolean loaded;

            @Override
            public void start() {
                started.add(loaded ? name + "+load" : name);
            }

            @Override
            public String adapter() {
                return adapter;
            }

            @Override
            public void adapterLoaded() {
                loaded = true;
            }
        };
    }

    @Test
    void a_waiter_whose_adapter_cannot_be_loaded_is_skipped_until_a_running_adapter_frees_its_slot() {
        BatchScheduler scheduler = new BatchScheduler(4, 10, 1);
        BatchScheduler.Job a = job("a", "sql");
        scheduler.submit(a);
        scheduler.submit(job("b", "legal"));        // the one LoRA slot is busy with sql
        BatchScheduler.Job c = job("c", "sql");
        scheduler.submit(c);                       // sql is loaded: runs, passing b
        scheduler.submit(job("d", null));          // the base model needs no adapter

        assertEquals(List.of("a+load", "c", "d"), started);
        assertEquals(Set.of("legal"), scheduler.waitingAdapters());
        assertEquals(Set.of("sql"), scheduler.runningAdapters());

        scheduler.withdraw(a);
        assertEquals(3, started.size(), "sql still runs (c): legal cannot be loaded yet");
        scheduler.withdraw(c);
        assertEquals(List.of("a+load", "c", "d", "b+load"), started);
    }

    @Test
    void an_idle_loaded_adapter_is_evicted_least_recently_used_first() {
        LoraSlots slots = new LoraSlots(2);
        assertTrue(slots.acquire("x"));
        assertTrue(slots.acquire("y"));
        slots.release("x");
        slots.release("y");
        assertEquals(false, slots.acquire("x"), "still loaded");
        slots.release("x");
        assertTrue(slots.acquire("z"), "evicts y, the least recently used");
        assertEquals(false, slots.acquire("x"));
        assertTrue(slots.acquire("y"));
    }

    @Test
    void exports_the_adapters_in_use_as_vllm_lora_requests_info() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().ttftMillis(0).interTokenMillis(200).batchSlots(4)
                .servedModels("base").maxLoras(1).loraLoadMillis(10).build();
        try (Emulator emulator = Emulator.start(config)) {
            TestClient client = new TestClient(emulator);
            CompletableFuture<HttpResponse<String>> first = client.postAsync("/v1/chat/completions",
                    TestClient.chat("sql-adapter", "hello", "\"max_tokens\":5,\"ignore_eos\":true"));
            assertTrue(TestClient.eventually(Duration.ofSeconds(5), () -> emulator.running() == 1));
            CompletableFuture<HttpResponse<String>> second = client.postAsync("/v1/chat/completions",
                    TestClient.chat("legal-adapter", "hello", "\"max_tokens\":5,\"ignore_eos\":true"));
            assertTrue(TestClient.eventually(Duration.ofSeconds(5), () -> emulator.waiting() == 1));

            String metrics = client.get("/metrics").body();
            assertTrue(metrics.contains("vllm:lora_requests_info{max_lora=\"1\",running_lora_adapters=\"sql-adapter\","
                    + "waiting_lora_adapters=\"legal-adapter\"}"), metrics);
            assertEquals(200, first.get().statusCode());
            assertEquals(200, second.get().statusCode(), "served once the slot freed");
        }
    }
}
