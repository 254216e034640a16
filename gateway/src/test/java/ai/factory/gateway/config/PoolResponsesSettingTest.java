package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoolResponsesSettingTest {

    @Test
    void a_pool_translates_unless_set_to_passthrough() {
        PoolConfig pool = new PoolConfig("gpu");
        assertFalse(pool.responsesPassthrough());
        pool.setResponses("passthrough");
        assertTrue(pool.responsesPassthrough());
    }

    @Test
    void a_misspelt_setting_stops_the_start_instead_of_routing_the_wrong_way() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new PoolConfig("gpu").setResponses("pass-through"));
        assertEquals("gateway.pools.gpu.responses must be translate or passthrough, not 'pass-through'", error.getMessage());
    }
}
