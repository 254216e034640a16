package ai.factory.routing.alias;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.balancing.WeightedLeastOutstanding;
import ai.factory.routing.pool.Pool;
import ai.factory.routing.pool.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterTest {

    private final Pool gpu = new Pool("gpu", Protocol.OPENAI, endpoints(1, 8), new WeightedLeastOutstanding());
    private final Pool cloud = new Pool("cloud", Protocol.OPENAI, endpoints(1, 8), new WeightedLeastOutstanding());

    @Test
    void only_targets_running_the_base_serve_the_adapter_and_they_are_asked_for_its_name() {
        List<Target> served = new Adapter("contract-lora", "llama-8b").servedBy(List.of(
                new Target(cloud, "gpt-4o-mini"), new Target(gpu, "llama-8b", 8192)));
        assertEquals(List.of(new Target(gpu, "contract-lora", 8192)), served);
    }

    @Test
    void no_target_running_the_base_leaves_nothing_to_try() {
        assertTrue(new Adapter("contract-lora", "llama-8b").servedBy(List.of(new Target(cloud, "gpt-4o-mini"))).isEmpty());
    }
}
