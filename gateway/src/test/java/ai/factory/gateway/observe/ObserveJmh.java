package ai.factory.gateway.observe;

import ai.factory.gateway.accounting.UsageEvent;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.observe.metrics.GenAiMetricsObserver;
import ai.factory.gateway.observe.metrics.KnownNames;
import ai.factory.observability.GatewayMetrics;
import ai.factory.observability.labels.TopNLabels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observability costs per request: the metrics of one finished request (meters cached by
 * label set), one meter looked up through a Micrometer builder as the observer did before (it did
 * about a dozen per request), a request id, and a stage span in a sampled and an unsampled trace.
 * Run with {@code load-tests/scripts/jmh.sh ObserveJmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObserveJmh {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GenAiMetricsObserver metrics = new GenAiMetricsObserver(registry, new TopNLabels(50, Set.of()),
            ObservabilityConfig.defaults(), new KnownNames(Set.of("chat-default")::contains, Set.of("summarize")::contains));
    private final UsageEvent event = Events.ok("acme", "chat-default", 120, 30);
    private final StageSpans spans = new StageSpans(OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build()).build());
    private final Context sampled = trace(true);
    private final Context unsampled = trace(false);
    private final CompletableFuture<String> done = CompletableFuture.completedFuture("ok");

    private static Context trace(boolean sampled) {
        return Context.root().with(Span.wrap(SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
    }

    @Benchmark
    public void requestMetrics() {
        metrics.requestEnded(event, RequestDetails.NONE, Context.root(), 0);
    }

    @Benchmark
    public Counter oneMeterThroughABuilder() {
        Counter c = Counter.builder(GatewayMetrics.REQUESTS).description("Requests that ended, by how they ended")
                .tags(GatewayMetrics.TAG_STATUS, "ok", GatewayMetrics.TAG_TENANT, "acme", GatewayMetrics.TAG_PRODUCT,
                        "summarize", GatewayMetrics.TAG_MODEL, "chat-default", GatewayMetrics.TAG_OPERATION, "chat",
                        GatewayMetrics.TAG_HTTP_STATUS, Integer.toString(200))
                .register(registry);
        c.increment();
        return c;
    }

    @Benchmark
    public String requestId() {
        return RequestIds.generate();
    }

    @Benchmark
    public CompletableFuture<String> stageSpanSampled() {
        return spans.around("gateway.admit", sampled, () -> done);
    }

    @Benchmark
    public CompletableFuture<String> stageSpanUnsampled() {
        return spans.around("gateway.admit", unsampled, () -> done);
    }
}
