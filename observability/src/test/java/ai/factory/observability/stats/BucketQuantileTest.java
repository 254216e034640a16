package ai.factory.observability.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BucketQuantileTest {

    private static final double[] BOUNDS = {0.1, 0.5, 1.0, 5.0};

    @Test
    void interpolates_inside_the_bucket_the_rank_falls_in() {
        // 10 observations: 4 up to 0.1, 4 more up to 0.5, 2 more up to 1.0.
        double[] counts = {4, 8, 10, 10};
        assertEquals(0.3, BucketQuantile.of(0.6, BOUNDS, counts, 10), 1e-9);
        assertEquals(0.05, BucketQuantile.of(0.2, BOUNDS, counts, 10), 1e-9);
        assertEquals(1.0, BucketQuantile.of(1.0, BOUNDS, counts, 10), 1e-9);
    }

    @Test
    void skips_empty_buckets_before_the_rank() {
        double[] counts = {0, 0, 10, 10};
        assertEquals(0.75, BucketQuantile.of(0.5, BOUNDS, counts, 10), 1e-9);
    }

    @Test
    void caps_at_the_last_bound_when_observations_lie_beyond_it() {
        double[] counts = {0, 0, 0, 1};
        assertEquals(5.0, BucketQuantile.of(0.99, BOUNDS, counts, 10), 1e-9);
    }

    @Test
    void is_nan_without_observations() {
        assertTrue(Double.isNaN(BucketQuantile.of(0.5, BOUNDS, new double[4], 0)));
    }
}
