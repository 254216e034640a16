package ai.factory.routing.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.factory.routing.slo.SloAdmission.Decision.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SloAdmissionTest {

    private final SloAdmission admission = new SloAdmission(List.of(
            new TierObjective("enterprise", Duration.ofMillis(1000), 3),
            new TierObjective("standard", Duration.ofMillis(2000), 2),
            new TierObjective("free", Duration.ofMillis(4000), 1)), 0.5);

    @Test
    void lower_tiers_stop_filling_the_queue_at_half_the_strictest_objective_above_them() {
        assertEquals(1000, admission.thresholdMillis("enterprise"));
        assertEquals(500, admission.thresholdMillis("standard"));
        assertEquals(500, admission.thresholdMillis("free"));
        assertEquals(Kind.ADMIT, admission.decide("enterprise", 900, 0, 50).kind());
        assertEquals(Kind.WAIT, admission.decide("free", 900, 0, 50).kind(), "free is held while enterprise goes");
    }

    @Test
    void a_held_request_is_refused_with_retry_after_once_waiting_longer_would_break_its_own_objective() {
        assertEquals(Kind.WAIT, admission.decide("standard", 3000, 1400, 50).kind());
        SloAdmission.Decision refused = admission.decide("standard", 3000, 1500, 50);
        assertEquals(Kind.REFUSE, refused.kind());
        assertEquals(Duration.ofSeconds(3), refused.retryAfter());
    }

    @Test
    void the_top_tier_is_refused_only_when_its_own_objective_cannot_be_kept() {
        assertEquals(Kind.ADMIT, admission.decide("enterprise", 1000, 0, 50).kind());
        assertEquals(Kind.REFUSE, admission.decide("enterprise", 1200, 0, 50).kind());
    }

    @Test
    void an_unknown_tier_is_treated_as_the_lowest() {
        assertEquals(admission.objective("free"), admission.objective("nobody"));
    }

    @Test
    void refuses_configurations_without_tiers_or_with_a_headroom_out_of_range() {
        assertThrows(IllegalArgumentException.class, () -> new SloAdmission(List.of(), 0.5));
        assertThrows(IllegalArgumentException.class, () -> new SloAdmission(List.of(
                new TierObjective("a", Duration.ofSeconds(1), 1)), 0));
        assertThrows(IllegalArgumentException.class, () -> new TierObjective("a", Duration.ZERO, 1));
    }
}
