package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.factory.routing.backend.JdkHttpTransport;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code gateway.backend.transport} picks the transport (a typo stops the start: ConfigKeyCheckTest). */
class BackendTransportsTest {

    @Test
    void jdk_selects_the_jdk_http_client_as_a_fallback() {
        assertInstanceOf(JdkHttpTransport.class, BackendTransports.create(GatewayConfig.Transport.JDK, Duration.ofSeconds(2),
                Duration.ofSeconds(60), Duration.ofSeconds(4), null, null, null, OpenTelemetry.noop()));
    }
}
