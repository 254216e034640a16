package ai.factory.gateway.observe.trace;

import ai.factory.gateway.lifecycle.Preload;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.tracing.opentelemetry.instrument.http.server.OpenTelemetryServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Singleton;

/**
 * Builds the OpenTelemetry SDK and the server's tracing filter on a side thread while the context
 * starts. Left alone, both were built by the first request, on its event loop. The SDK stays even
 * with no exporter: it still gives every request a trace id (its ledger row) and the backend a
 * {@code traceparent}. A failure here is not lost: the first request then builds them and fails
 * as before.
 */
@Singleton
public class TracingPreload implements ApplicationEventListener<StartupEvent> {

    private final ApplicationContext context;

    public TracingPreload(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        Preload.start("tracing-preload", () -> {
            context.findBean(OpenTelemetry.class);
            return context.findBean(OpenTelemetryServerFilter.class);
        });
    }
}
