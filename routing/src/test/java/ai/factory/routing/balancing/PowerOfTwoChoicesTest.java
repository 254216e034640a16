package ai.factory.routing.balancing;

import static ai.factory.routing.support.TestEndpoints.endpoints;
import static ai.factory.routing.support.TestEndpoints.load;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.factory.routing.pool.Endpoint;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {

    @Test
    void of_two_endpoints_always_takes_the_less_loaded() {
        List<Endpoint> pool = endpoints(2, 100);
        load(pool.get(0), 5);
        PowerOfTwoChoices p2c = new PowerOfTwoChoices(RandomGenerator.of("L64X128MixRandom"));
        for (int i = 0; i < 20; i++) {
            Endpoint chosen = p2c.acquire(pool);
            assertSame(pool.get(1), chosen);
            chosen.release();
        }
    }

    @Test
    void never_takes_the_most_loaded_of_several() {
        List<Endpoint> pool = endpoints(4, 100);
        load(pool.get(2), 50);
        PowerOfTwoChoices p2c = new PowerOfTwoChoices(RandomGenerator.of("L64X128MixRandom"));
        for (int i = 0; i < 200; i++) {
            Endpoint chosen = p2c.acquire(pool);
            assertNotSame(pool.get(2), chosen);
            chosen.release();
        }
    }

    @Test
    void takes_the_only_endpoint_with_room() {
        List<Endpoint> pool = endpoints(3, 1);
        load(pool.get(0), 1);
        load(pool.get(2), 1);
        assertSame(pool.get(1), new PowerOfTwoChoices().acquire(pool));
    }
}
