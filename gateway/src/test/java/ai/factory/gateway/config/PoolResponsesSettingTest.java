package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PoolResponsesSettingTest {

    @Test
    void a_pool_passes_responses_through_only_when_set_to_passthrough() {
        assertFalse(TestPools.pool("gpu", PoolConfig.ResponsesMode.TRANSLATE, TestPools.NO_SLO).responsesPassthrough());
        assertTrue(TestPools.pool("gpu", PoolConfig.ResponsesMode.PASSTHROUGH, TestPools.NO_SLO).responsesPassthrough());
    }
}
