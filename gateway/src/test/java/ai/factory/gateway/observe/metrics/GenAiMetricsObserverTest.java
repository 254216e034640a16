package ai.factory.gateway.observe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.observe.Events;
import ai.factory.gateway.observe.ObservabilityConfig;
import ai.factory.observability.labels.TopNLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.context.Context;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenAiMetricsObserverTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ObservabilityConfig config = ObservabilityConfig.defaults();
    private final KnownNames names = new KnownNames(Set.of("chat-default", "chat-large")::contains,
            Set.of("summarize")::contains);
    private final GenAiMetricsObserver observer = new GenAiMetricsObserver(registry, new TopNLabels(1, Set.of()), config,
            names);

    private void observe(UsageEvent event) {
        observer.requestEnded(event, Context.root(), 0);
    }

    private double value(String sample) {
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1));
            }
        }
        throw new AssertionError("no sample " + sample + " in\n" + registry.scrape());
    }

    private double sumOf(String name, String... labelFragments) {
        double sum = 0;
        boolean found = false;
        outer:
        for (String line : registry.scrape().split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            for (String fragment : labelFragments) {
                if (!line.contains(fragment)) {
                    continue outer;
                }
            }
            found = true;
            sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        assertTrue(found, "no " + name + " with " + String.join(",", labelFragments) + " in\n" + registry.scrape());
        return sum;
    }

    @Test
    void resolves_meters_once_per_label_set_instead_of_asking_the_registry_per_request() {
        observe(Events.ok("acme", "chat-default", 10, 101));
        int meters = registry.getMeters().size();
        Counter requests = registry.get("gateway.requests").counter();
        for (int i = 0; i < 50; i++) {
            observe(Events.ok("acme", "chat-default", 10, 101));
        }
        assertEquals(meters, registry.getMeters().size());
        assertEquals(51, requests.count());

        // The probe: a meter taken out of the registry is not registered again, because the observer
        // holds the instance it resolved; a builder per request would have re-created it.
        registry.remove(requests);
        observe(Events.ok("acme", "chat-default", 10, 101));
        assertNull(registry.find("gateway.requests").counter());
        assertEquals(52, requests.count());
    }

    @Test
    void counts_tokens_by_type_under_the_genai_metric_name() {
        observe(Events.ok("acme", "chat-default", 120, 30));
        observe(Events.ok("acme", "chat-default", 80, 20));

        assertEquals(200, sumOf("gen_ai_client_token_usage_sum", "gen_ai_token_type=\"input\""));
        assertEquals(50, sumOf("gen_ai_client_token_usage_sum", "gen_ai_token_type=\"output\""));
        assertEquals(2, sumOf("gen_ai_client_token_usage_count", "gen_ai_token_type=\"input\"",
                "gen_ai_operation_name=\"chat\"", "gen_ai_request_model=\"chat-default\"", "tenant=\"acme\""));
    }

    @Test
    void records_duration_and_time_to_first_token_as_histograms_in_seconds() {
        observe(Events.ok("acme", "chat-default", 10, 101));

        assertEquals(1.2, sumOf("gen_ai_server_request_duration_seconds_sum"), 1e-9);
        assertEquals(1, sumOf("gen_ai_server_request_duration_seconds_bucket", "le=\"2.0\""));
        assertEquals(0, sumOf("gen_ai_server_request_duration_seconds_bucket", "le=\"1.0\""));
        assertEquals(0.2, sumOf("gen_ai_server_time_to_first_token_seconds_sum"), 1e-9);
        // (1200 - 200) ms over 100 tokens after the first: 10 ms per token.
        assertEquals(0.01, sumOf("gen_ai_server_time_per_output_token_seconds_sum"), 1e-9);
    }

    @Test
    void counts_requests_by_status_and_rejections_per_tenant() {
        UsageEvent ok = Events.ok("acme", "chat-default", 10, 10);
        observe(ok);
        observe(Events.withStatus(ok, UsageEvent.ERROR, 502));
        observe(Events.withStatus(ok, UsageEvent.REJECTED, 429));
        observe(Events.withStatus(ok, UsageEvent.REJECTED, 429));

        assertEquals(1, sumOf("gateway_requests_total", "status=\"ok\""));
        assertEquals(1, sumOf("gateway_requests_total", "status=\"error\"", "http_status=\"502\""));
        assertEquals(2, sumOf("gateway_requests_total", "status=\"rejected\""));
        assertEquals(2, sumOf("gateway_rate_limit_rejections_total", "tenant=\"acme\""));
        // Rejected requests never reached the cache or a backend.
        assertEquals(2, sumOf("gateway_cache_lookups_total"));
    }

    @Test
    void counts_cache_hits_and_misses_fallbacks_and_cost_in_dollars() {
        UsageEvent ok = Events.ok("acme", "chat-default", 10, 10);
        observe(ok);
        observe(Events.cacheHit(ok));

        assertEquals(1, sumOf("gateway_cache_lookups_total", "outcome=\"hit\""));
        assertEquals(1, sumOf("gateway_cache_lookups_total", "outcome=\"miss\""));
        assertEquals(1, sumOf("gateway_fallbacks_total", "model=\"chat-default\""));
        assertEquals(2.5, sumOf("gateway_cost_dollars_total", "tenant=\"acme\""), 1e-9);
        assertEquals(6, sumOf("gateway_tokens_cached_total"));
    }

    @Test
    void a_fallback_counter_exists_at_zero_before_any_fallback() {
        observe(Events.cacheHit(Events.ok("acme", "chat-default", 1, 1)));
        assertEquals(0, sumOf("gateway_fallbacks_total", "tenant=\"acme\""));
        assertEquals(0, sumOf("gateway_rate_limit_rejections_total", "tenant=\"acme\""));
    }

    @Test
    void tenants_beyond_the_label_bound_are_reported_as_other() {
        observe(Events.ok("acme", "chat-default", 1, 1));
        observe(Events.ok("globex", "chat-default", 1, 1));

        assertEquals(1, sumOf("gateway_requests_total", "tenant=\"acme\""));
        assertEquals(1, sumOf("gateway_requests_total", "tenant=\"other\""));
        assertFalse(registry.scrape().contains("globex"), "globex must not become a label");
    }

    @Test
    void non_streamed_answers_have_no_time_per_output_token() {
        UsageEvent whole = Events.ok("acme", "chat-default", 10, 50);
        UsageEvent noDecode = new UsageEvent(whole.requestId(), whole.timestampMillis(), "acme", "k", null, "chat",
                "chat-default", "m", "gpu", "e", 10, 50, 0, 0, UsageEvent.OK, false, 0, 900, 900, false, 200);
        observe(noDecode);
        assertFalse(registry.scrape().contains("gen_ai_server_time_per_output_token_seconds_count"));
        assertEquals(1, value("gen_ai_server_time_to_first_token_seconds_count{gen_ai_operation_name=\"chat\","
                + "gen_ai_provider_name=\"gpu\",gen_ai_request_model=\"chat-default\",gen_ai_response_model=\"m\","
                + "model=\"chat-default\",status=\"ok\"}"));
    }

    @Test
    void model_and_product_labels_from_client_input_are_bounded_to_what_the_gateway_serves() {
        for (int i = 0; i < 50; i++) {
            UsageEvent e = Events.withStatus(Events.ok("acme", "no-such-model-" + i, 1, 0), UsageEvent.ERROR, 404);
            observe(new UsageEvent(e.requestId(), e.timestampMillis(), e.tenantId(), e.keyId(), "no-such-product-" + i,
                    e.operation(), e.modelAlias(), null, null, null, 0, 0, 0, 0, e.status(), false, 0, 1, -1, false, 404));
        }
        observe(Events.ok("acme", "chat-default", 1, 1));
        String scrape = registry.scrape();
        assertFalse(scrape.contains("no-such-"), "a client's unknown names became labels");
        assertEquals(50, sumOf("gateway_requests_total", "model=\"unknown\"", "product=\"unknown\""));
        assertEquals(1, sumOf("gateway_requests_total", "model=\"chat-default\"", "product=\"summarize\""));
        long series = scrape.lines().filter(l -> l.startsWith("gateway_requests_total{")).count();
        assertEquals(2, series, scrape);
    }

    private static UsageEvent toolCall(String tool, String status, int httpStatus) {
        return new UsageEvent("req-" + tool, 1_700_000_000_000L, "acme", "key-1", tool, "execute_tool", null, null, null,
                "search", 0, 0, 0, 0, status, false, 0, 40, -1, false, httpStatus);
    }

    @Test
    void a_tool_call_is_counted_and_timed_by_its_tool_and_a_name_never_listed_is_unknown() {
        GenAiMetricsObserver tools = new GenAiMetricsObserver(registry, new TopNLabels(1, Set.of()), config,
                new KnownNames(m -> false, Set.of("search__query")::contains));
        tools.requestEnded(toolCall("search__query", UsageEvent.OK, 200), Context.root(), 0);
        tools.requestEnded(toolCall("search__query", UsageEvent.ERROR, 503), Context.root(), 0);
        for (int i = 0; i < 20; i++) {
            tools.requestEnded(toolCall("search__made_up_" + i, UsageEvent.ERROR, 502), Context.root(), 0);
        }
        String scrape = registry.scrape();
        assertFalse(scrape.contains("made_up"), "a tool name the upstream never listed became a label");
        assertEquals(1, sumOf("gen_ai_execute_tool_duration_seconds_count", "gen_ai_tool_name=\"search__query\"",
                "gen_ai_operation_name=\"execute_tool\"", "status=\"ok\""));
        assertEquals(1, sumOf("gateway_requests_total", "product=\"search__query\"", "status=\"error\"",
                "http_status=\"503\""));
        assertEquals(20, sumOf("gen_ai_execute_tool_duration_seconds_count", "gen_ai_tool_name=\"unknown\""));
        // A tool call has no cache, tokens or cost: no series that would read as zero-token model calls.
        assertFalse(scrape.contains("gateway_cache_lookups_total{"), scrape);
        assertFalse(scrape.contains("gen_ai_client_token_usage"), scrape);
        assertFalse(scrape.contains("gen_ai_server_request_duration"), scrape);
    }
}
