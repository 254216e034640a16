package ai.factory.gateway.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EndedLeasesTest {

    private static final String ACME_LEASE = "rl:{7}:acme:t:conc";
    private static final String ACME_KEY_LEASE = "rl:{7}:acme:k:key1:conc";
    private static final String OTHER_LEASE = "rl:{3}:other:t:conc";

    private final EndedLeases ended = new EndedLeases();

    private static Bucket lease(String key) {
        return new Bucket(BucketKind.CONCURRENCY, key, 1, 600_000, 1, null, 0, key, null);
    }

    private static Bucket rpm(String scope) {
        return Bucket.inScope(BucketKind.REQUESTS, scope, "rpm", 100, 60_000, 1, "requests", 0);
    }

    private static Reservation reservation(String member, Bucket... buckets) {
        return new Reservation(member, List.of(buckets), RateHeaders.NONE, null, false, 1);
    }

    @Test
    void a_request_that_ended_is_carried_by_the_next_admission_into_its_lease_set() {
        ended.ended(reservation("req-a", rpm("rl:{7}:acme:t"), lease(ACME_LEASE)));

        assertEquals(List.of("req-a"), ended.carried(List.of(rpm("rl:{7}:acme:t"), lease(ACME_LEASE))));
    }

    @Test
    void nothing_is_carried_into_another_tenants_lease_set_nor_by_an_admission_without_one() {
        ended.ended(reservation("req-a", lease(ACME_LEASE)));

        assertEquals(List.of(), ended.carried(List.of(lease(OTHER_LEASE))));
        assertEquals(List.of(), ended.carried(List.of(rpm("rl:{7}:acme:t"))));
    }

    @Test
    void a_member_in_two_lease_sets_of_one_admission_is_carried_once() {
        ended.ended(reservation("req-a", lease(ACME_LEASE), lease(ACME_KEY_LEASE)));

        assertEquals(List.of("req-a"), ended.carried(List.of(lease(ACME_LEASE), lease(ACME_KEY_LEASE))));
    }

    @Test
    void a_member_is_unlisted_when_redis_acknowledges_its_settlement() {
        Reservation a = reservation("req-a", lease(ACME_LEASE));
        ended.ended(a);
        CompletableFuture<String> settlement = new CompletableFuture<>();
        ended.untilSettled(a, settlement);
        assertEquals(List.of("req-a"), ended.carried(List.of(lease(ACME_LEASE))), "listed while the settlement is out");

        settlement.complete("1-0");

        assertEquals(List.of(), ended.carried(List.of(lease(ACME_LEASE))));
    }

    @Test
    void a_member_is_unlisted_when_its_settlement_fails_to_the_spool() {
        Reservation a = reservation("req-a", lease(ACME_LEASE));
        Reservation b = reservation("req-b", lease(ACME_LEASE));
        ended.ended(a);
        ended.ended(b);
        CompletableFuture<String> settlement = new CompletableFuture<>();
        CompletableFuture<String> seen = ended.untilSettled(a, settlement);

        settlement.completeExceptionally(new IllegalStateException("Redis went away"));

        assertTrue(seen.isCompletedExceptionally(), "the failure reaches the caller, which spools the event");
        assertEquals(List.of("req-b"), ended.carried(List.of(lease(ACME_LEASE))));
    }

    @Test
    void at_most_sixteen_are_carried_the_most_recently_ended_first_kept() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ended.ended(reservation("req-" + i, lease(ACME_LEASE)));
            if (i >= 20 - EndedLeases.MAX_CARRIED) {
                expected.add("req-" + i);
            }
        }

        assertEquals(expected, ended.carried(List.of(lease(ACME_LEASE))));
    }

    @Test
    void a_cache_hit_or_a_reservation_of_the_local_limiter_held_no_lease_and_is_not_listed() {
        ended.ended(new Reservation("hit", List.of(lease(ACME_LEASE)), RateHeaders.NONE, "{cached}", false, 1));
        ended.ended(new Reservation("local", List.of(lease(ACME_LEASE)), RateHeaders.NONE, null, true, 1));
        ended.ended(null);

        assertEquals(List.of(), ended.carried(List.of(lease(ACME_LEASE))));
    }

    private static ScriptReplies.Admit admitted(long freeSlots) {
        return new ScriptReplies.Admit(true, 0, 0, null, new long[] {freeSlots}, new long[] {0});
    }

    @Test
    void a_lease_set_far_from_full_carries_nothing_and_one_near_full_or_refused_carries_again() {
        ended.ended(reservation("req-a", lease(ACME_LEASE)));
        List<Bucket> admission = List.of(lease(ACME_LEASE));

        ended.roomLeft(admission, admitted(EndedLeases.MAX_CARRIED + 1));
        assertEquals(List.of(), ended.carried(admission), "17 free slots: no own lease can refuse it");

        ended.roomLeft(admission, admitted(EndedLeases.MAX_CARRIED));
        assertEquals(List.of("req-a"), ended.carried(admission), "16 free slots: carried");

        ended.roomLeft(admission, admitted(500));
        ended.roomLeft(admission, new ScriptReplies.Admit(false, 1, 1000, null, new long[] {0}, new long[] {0}));
        assertEquals(List.of("req-a"), ended.carried(admission), "a refusal reads as full");
    }
}
