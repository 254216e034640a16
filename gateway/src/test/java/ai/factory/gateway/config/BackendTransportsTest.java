package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.routing.backend.JdkHttpTransport;
import io.micronaut.context.exceptions.ConfigurationException;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code gateway.backend.transport} picks the transport, and a typo stops the start with the key named. */
class BackendTransportsTest {

    @Test
    void jdk_selects_the_jdk_http_client_as_a_fallback() {
        assertInstanceOf(JdkHttpTransport.class, BackendTransports.create(" JDK ", Duration.ofSeconds(2),
                Duration.ofSeconds(60), Duration.ofSeconds(4), null, null, null, OpenTelemetry.noop()));
    }

    @Test
    void an_unknown_transport_fails_the_start_naming_the_key() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> BackendTransports.create("okhttp",
                Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(4), null, null, null, OpenTelemetry.noop()));
        assertTrue(e.getMessage().contains("gateway.backend.transport") && e.getMessage().contains("okhttp"), e.getMessage());
    }
}
