package ai.factory.routing.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.routing.pool.ServerLoad;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void reads_the_vllm_load_gauges_summing_models_and_skipping_the_rest() {
        String page = """
                # HELP vllm:num_requests_running Number of requests in model execution batches.
                # TYPE vllm:num_requests_running gauge
                vllm:num_requests_running{model_name="a"} 3.0
                vllm:num_requests_running{model_name="b"} 2.0
                vllm:num_requests_waiting{model_name="a"} 7.0 1700000000000
                vllm:kv_cache_usage_perc{model_name="a"} 0.42
                vllm:prompt_tokens_total{model_name="a"} 123456
                """;
        ServerLoad load = PrometheusText.load(page, 99);
        assertEquals(5.0, load.running());
        assertEquals(7.0, load.waiting());
        assertEquals(0.42, load.kvUsage());
        assertEquals(99, load.scrapedAtNanos());
    }

    @Test
    void reads_the_lora_adapters_in_use_from_the_latest_lora_requests_info_series() {
        String page = """
                vllm:num_requests_running{model_name="base"} 2.0
                vllm:lora_requests_info{max_lora="4",running_lora_adapters="old",waiting_lora_adapters=""} 1.7E9
                vllm:lora_requests_info{max_lora="4",running_lora_adapters="sql,legal",waiting_lora_adapters="hr"} 1.8E9
                """;
        assertEquals(Set.of("sql", "legal", "hr"), PrometheusText.load(page, 0).loraAdapters());
        assertEquals(4, PrometheusText.load(page, 0).maxLoras());
        assertEquals(true, PrometheusText.load(page, 0).hasLoraRoom(), "three adapters in use of four");
    }

    @Test
    void a_page_without_the_gauges_is_refused_rather_than_read_as_idle() {
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.load("up 1\n", 0));
    }
}
