package ai.factory.gateway.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TierPrioritiesTest {

    private static TierConfig tier(String name, int priority) {
        return new TierConfig(name, null, null, null, null, null, null, null, priority, null);
    }

    @Test
    void a_tier_is_queued_by_its_configured_priority_whatever_its_name() {
        TierPriorities priorities = new TierPriorities(List.of(tier("enterprise", 0), tier("gold", 7), tier("free", 3)));
        assertEquals(7, priorities.priorityOf("gold"));
        assertEquals(3, priorities.priorityOf("free"));
        assertEquals(0, priorities.priorityOf("enterprise"));
    }

    @Test
    void a_tenant_whose_tier_is_not_configured_gets_the_default_priority() {
        TierPriorities priorities = new TierPriorities(List.of(tier("free", 0)));
        assertEquals(TierPriorities.DEFAULT, priorities.priorityOf("platinum"));
        assertEquals(TierPriorities.DEFAULT, priorities.priorityOf(null));
    }
}
