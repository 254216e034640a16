package ai.factory.observability.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void finds_the_metric_inside_functions_and_aggregations() {
        assertEquals(Set.of("gateway_requests_total"),
                PromQl.metricNames("sum by (tenant, model) (rate(gateway_requests_total{status=\"error\"}[5m]))"));
    }

    @Test
    void ignores_label_names_strings_durations_and_grafana_variables() {
        assertEquals(Set.of("gen_ai_server_request_duration_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, model) (rate(gen_ai_server_request_duration_seconds_bucket"
                        + "{model=~\"$model\", tenant=~\"${tenant:regex}\"}[$__rate_interval])))"));
    }

    @Test
    void finds_every_metric_of_a_binary_expression() {
        assertEquals(Set.of("gateway_endpoint_in_flight", "gateway_endpoint_max_concurrent"), PromQl.metricNames(
                "sum by (pool) (gateway_endpoint_in_flight) / on (pool) group_left sum by (pool) "
                        + "(gateway_endpoint_max_concurrent) > 0.9"));
    }

    @Test
    void reads_only_the_selector_of_grafana_label_values() {
        assertEquals(Set.of("gateway_requests_total"),
                PromQl.metricNames("label_values(gateway_requests_total{status=\"ok\"}, tenant)"));
    }

    @Test
    void numbers_with_exponents_and_keywords_are_not_metrics() {
        assertEquals(Set.of("gateway_cost_dollars_total"),
                PromQl.metricNames("increase(gateway_cost_dollars_total[1d] offset 1h) * 1e9 > bool 3"));
    }
}
