package ai.factory.observability.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopNLabelsTest {

    @Test
    void gives_each_tenant_its_own_label_while_slots_are_free() {
        TopNLabels labels = new TopNLabels(2, Set.of());
        assertEquals("acme", labels.label("acme"));
        assertEquals("globex", labels.label("globex"));
        assertEquals("acme", labels.label("acme"));
    }

    @Test
    void reports_tenants_beyond_the_top_n_as_other() {
        TopNLabels labels = new TopNLabels(2, Set.of());
        labels.label("acme");
        labels.label("globex");
        assertEquals(TopNLabels.OTHER, labels.label("initech"));
        assertEquals(TopNLabels.OTHER, labels.label("umbrella"));
    }

    @Test
    void refresh_gives_the_slots_to_the_busiest_tenants() {
        TopNLabels labels = new TopNLabels(2, Set.of());
        labels.label("acme");
        labels.label("globex");
        IntStream.range(0, 50).forEach(i -> labels.label("initech"));
        IntStream.range(0, 10).forEach(i -> labels.label("globex"));

        labels.refresh();

        assertEquals("initech", labels.label("initech"));
        assertEquals("globex", labels.label("globex"));
        assertEquals(TopNLabels.OTHER, labels.label("acme"));
        assertEquals(Set.of("initech", "globex"), labels.kept());
    }

    @Test
    void older_traffic_fades_so_a_new_busy_tenant_takes_over() {
        TopNLabels labels = new TopNLabels(1, Set.of());
        IntStream.range(0, 100).forEach(i -> labels.label("acme"));
        labels.refresh();
        for (int round = 0; round < 4; round++) {
            IntStream.range(0, 40).forEach(i -> labels.label("globex"));
            labels.refresh();
        }
        assertEquals("globex", labels.label("globex"));
        assertEquals(TopNLabels.OTHER, labels.label("acme"));
    }

    @Test
    void pinned_tenants_always_keep_their_label_and_take_no_slot() {
        TopNLabels labels = new TopNLabels(1, Set.of("house"));
        assertEquals("acme", labels.label("acme"));
        assertEquals("house", labels.label("house"));
        labels.refresh();
        assertEquals("house", labels.label("house"));
        assertEquals("acme", labels.label("acme"));
    }

    @Test
    void zero_slots_reports_everyone_as_other() {
        TopNLabels labels = new TopNLabels(0, Set.of());
        assertEquals(TopNLabels.OTHER, labels.label("acme"));
    }

    @Test
    void missing_values_are_labelled_none() {
        TopNLabels labels = new TopNLabels(5, Set.of());
        assertEquals(TopNLabels.NONE, labels.label(null));
        assertEquals(TopNLabels.NONE, labels.label(""));
    }

    @Test
    void the_number_of_distinct_labels_stays_bounded_under_many_tenants() {
        TopNLabels labels = new TopNLabels(10, Set.of());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            seen.add(labels.label("tenant-" + i));
            if (i % 500 == 0) {
                labels.refresh();
            }
        }
        // Ten per ranking period at most, plus "other": a slot freed by a refresh can be taken again.
        assertEquals(true, seen.size() <= 10 * 11 + 1, "distinct labels: " + seen.size());
    }
}
