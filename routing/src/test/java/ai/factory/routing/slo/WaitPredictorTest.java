package ai.factory.routing.slo;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.ServerLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitPredictorTest {

    @Test
    void no_wait_while_the_batches_have_room_then_one_service_time_per_wave_of_queued_requests() {
        List<Endpoint> pool = endpoints(2, 100);
        WaitPredictor predictor = new WaitPredictor(4, 800, 1000);
        load(pool.get(0), 4);
        load(pool.get(1), 3);
        assertEquals(0, predictor.waitMillis(pool, 0));

        load(pool.get(1), 1); // both batches full: the next request waits for one wave
        assertEquals(800, predictor.waitMillis(pool, 0));
        load(pool.get(0), 8); // 8 queued ahead on 8 slots: two waves
        assertEquals(1600, predictor.waitMillis(pool, 0));
    }

    @Test
    void fresh_server_gauges_count_queues_other_gateway_instances_filled() {
        List<Endpoint> pool = endpoints(1, 100);
        WaitPredictor predictor = new WaitPredictor(4, 500, 1000);
        pool.get(0).updateServerLoad(new ServerLoad(7, 4, 0.5, 0));
        assertEquals(1000, predictor.waitMillis(pool, 1_000_000L)); // 7 ahead + this one on 4 slots: 2 waves
        assertEquals(0, predictor.waitMillis(pool, 2_000_000_000L), "stale gauges are ignored");
    }

    @Test
    void learns_the_service_time_from_observed_slot_times() {
        WaitPredictor predictor = new WaitPredictor(4, 1000, 1000);
        for (int i = 0; i < 200; i++) {
            predictor.completed(200);
        }
        assertEquals(200, predictor.serviceMillis(), 5);
    }
}
