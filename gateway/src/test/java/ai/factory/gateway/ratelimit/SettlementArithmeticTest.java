package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.PriceList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** The Java side of reserve-then-settle, for any numbers, including absurd ones from a backend. */
class SettlementArithmeticTest {

    @Property(tries = 3000)
    void saturating_operations_stay_in_range_and_are_exact_below_it(@ForAll long a, @ForAll long b) {
        long sum = Bounded.add(a, b);
        long product = Bounded.multiply(a, b);
        assertTrue(sum >= 0 && sum <= Bounded.MAX);
        assertTrue(product >= 0 && product <= Bounded.MAX);
        long x = Bounded.clamp(a);
        long y = Bounded.clamp(b);
        assertEquals(Math.min(Bounded.MAX, x + y), sum, "exact until it saturates");
        if (y != 0 && x <= Bounded.MAX / y) {
            assertEquals(x * y, product);
        }
        long difference = Bounded.difference(a, b);
        assertEquals(x - y, difference);
    }

    /**
     * Whatever was reserved and whatever the backend reports: a budget counter that held the
     * reservation ends holding exactly the usage charged (clamped to MAX), never below zero, and a
     * token bucket gets back exactly what was not used.
     */
    @Property(tries = 3000)
    void settling_leaves_each_counter_equal_to_the_usage_charged(@ForAll long reservedTokens, @ForAll long reservedCost,
            @ForAll long usedTokens, @ForAll long usedCost) {
        List<Bucket> buckets = List.of(
                new Bucket(BucketKind.TOKENS, "rl:t:tpm", Bounded.MAX, 60_000, Bounded.clamp(reservedTokens), "tokens"),
                new Bucket(BucketKind.DAILY_TOKENS, "rl:t:dtok:20260101", Bounded.MAX, 1, Bounded.clamp(reservedTokens), null),
                new Bucket(BucketKind.DAILY_COST, "rl:t:dcost:20260101", Bounded.MAX, 1, Bounded.clamp(reservedCost), null),
                new Bucket(BucketKind.CONCURRENCY, "rl:t:conc", 4, 1, 1, null));
        long[] deltas = SettleDeltas.of(buckets, false, usedTokens, usedCost);
        long chargedTokens = Bounded.clamp(usedTokens);
        long chargedCost = Bounded.clamp(usedCost);
        assertEquals(chargedTokens, buckets.get(1).cost() + deltas[1], "token budget ends at the tokens charged");
        assertEquals(chargedCost, buckets.get(2).cost() + deltas[2], "cost budget ends at the cost charged");
        assertEquals(Bounded.clamp(reservedTokens) - chargedTokens, deltas[0], "the unused reservation goes back");
        assertEquals(0, deltas[3], "a lease is released, not counted");
        for (long d : deltas) {
            assertTrue(d >= -Bounded.MAX && d <= Bounded.MAX);
        }
        long[] refund = SettleDeltas.refund(buckets);
        assertEquals(0, buckets.get(1).cost() + refund[1], "a refund returns the whole reservation");
    }

    @Property(tries = 3000)
    void a_bill_is_never_negative_or_wrapped_around(@ForAll long input, @ForAll long output, @ForAll long cached,
            @ForAll @LongRange(min = 0, max = 10_000_000) long nanosPerToken) {
        long cost = new PriceList.Rate(nanosPerToken, nanosPerToken, nanosPerToken / 4).cost(input, output, cached);
        assertTrue(cost >= 0 && cost <= Bounded.MAX, "cost " + cost);
    }

    @Property(tries = 500)
    void a_cache_hit_settles_nothing(@ForAll long used) {
        List<Bucket> buckets = List.of(new Bucket(BucketKind.TOKENS, "k", 100, 60_000, 50, null));
        assertEquals(0, SettleDeltas.of(buckets, true, used, used)[0]);
    }
}
