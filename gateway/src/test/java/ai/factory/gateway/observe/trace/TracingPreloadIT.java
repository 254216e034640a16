package ai.factory.gateway.observe.trace;

import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import io.micronaut.tracing.opentelemetry.instrument.http.server.OpenTelemetryServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tracing SDK and server filter exist once the gateway started, before any request built them. */
class TracingPreloadIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .property("otel.traces.exporter", "none")
            .build();

    @Test
    void the_sdk_and_the_server_filter_are_built_at_start_without_a_request(GatewayApp app) {
        Await.until(Duration.ofSeconds(30),
                () -> !app.context().getActiveBeanRegistrations(OpenTelemetry.class).isEmpty()
                        && !app.context().getActiveBeanRegistrations(OpenTelemetryServerFilter.class).isEmpty(),
                "the OpenTelemetry SDK and OpenTelemetryServerFilter built without a request");
    }
}
