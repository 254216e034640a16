package ai.factory.gatling;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a simulation runs against: the gateway's URL, the tenants' keys and the simulation's
 * knobs, from the properties file that {@code load-tests/scripts/run-simulation.sh} writes after
 * creating the tenants ({@code GATLING_TARGET}, or the system property {@code gatling.target}).
 */
final class SimulationSettings {

    private static final Properties PROPERTIES = load();

    private SimulationSettings() {
    }

    static String url() {
        return PROPERTIES.getProperty("gateway.url", "http://127.0.0.1:8080");
    }

    /** The API key of a tenant the script created, e.g. {@code key.enterprise}. */
    static String key(String tenant) {
        String key = PROPERTIES.getProperty("key." + tenant);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("no key." + tenant + " in " + source()
                    + "; run the simulation through load-tests/scripts/run-simulation.sh");
        }
        return key;
    }

    static int number(String name, int fallback) {
        String value = System.getProperty(name, PROPERTIES.getProperty(name));
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static double decimal(String name, double fallback) {
        String value = System.getProperty(name, PROPERTIES.getProperty(name));
        return value == null || value.isBlank() ? fallback : Double.parseDouble(value.trim());
    }

    /** Shared keep-alive connections, as a fleet of clients behind a load balancer would use. */
    static HttpProtocolBuilder protocol() {
        return http.baseUrl(url())
                .contentTypeHeader("application/json")
                .acceptHeader("application/json, text/event-stream")
                .userAgentHeader("gatling-load-test")
                .shareConnections();
    }

    private static String source() {
        String path = System.getenv("GATLING_TARGET");
        return System.getProperty("gatling.target", path == null ? "target/gatling-target.properties" : path);
    }

    private static Properties load() {
        Properties properties = new Properties();
        Path path = Path.of(source());
        if (Files.exists(path)) {
            try (InputStream in = Files.newInputStream(path)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }
}
