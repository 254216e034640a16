package ai.factory.gateway.observe.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.observe.Events;
import ai.factory.gateway.observe.ObservabilityConfig;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogObserverTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLogObserver.LOGGER);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void capture() {
        captured.start();
        logger.addAppender(captured);
    }

    @AfterEach
    void release() {
        logger.detachAppender(captured);
    }

    @Test
    void writes_one_json_object_per_request_with_the_fields_operators_search_by() throws Exception {
        new AccessLogObserver(ObservabilityConfig.defaults()).requestEnded(Events.ok("acme", "chat-default", 120, 30),
                Context.root(), 0);

        assertEquals(1, captured.list.size());
        JsonNode line = new ObjectMapper().readTree(captured.list.get(0).getFormattedMessage());
        assertEquals("req-acme-120", line.get("request_id").asText());
        assertEquals("acme", line.get("tenant").asText());
        assertEquals("summarize", line.get("product").asText());
        assertEquals("chat-default", line.get("model").asText());
        assertEquals("ok", line.get("status").asText());
        assertEquals(120, line.get("input_tokens").asLong());
        assertEquals(30, line.get("output_tokens").asLong());
        assertEquals(1200, line.get("latency_ms").asLong());
        assertEquals("miss", line.get("cache").asText());
        assertEquals(1, line.get("fallbacks").asInt());
        assertEquals(2.5, line.get("cost_usd").asDouble(), 1e-9);
        assertEquals("2023-11-14T22:13:20Z", line.get("ts").asText());
    }

    @Test
    void holds_no_prompt_or_completion_field() throws Exception {
        new AccessLogObserver(ObservabilityConfig.defaults()).requestEnded(Events.ok("acme", "chat-default", 1, 1),
                Context.root(), 0);
        JsonNode line = new ObjectMapper().readTree(captured.list.get(0).getFormattedMessage());
        line.fieldNames().forEachRemaining(name -> assertFalse(
                name.contains("prompt") || name.contains("completion") || name.contains("message")
                        || name.contains("content"), name));
    }

    @Test
    void can_be_turned_off() {
        ObservabilityConfig config = new ObservabilityConfig(50, null, "flushers", null, null, false, null, null);
        new AccessLogObserver(config).requestEnded(Events.ok("acme", "chat-default", 1, 1), Context.root(), 0);
        assertTrue(captured.list.isEmpty());
    }

    @Test
    void logback_writes_the_access_line_as_bare_json_through_a_bounded_buffered_appender() {
        Appender<ILoggingEvent> async = logger.getAppender("ACCESS_ASYNC");
        assertTrue(async instanceof AccessLogAppender, "gateway.access must go through the non-blocking buffer");
        assertEquals(8192, ((AccessLogAppender) async).getQueueSize(), "a bounded queue");
        assertFalse(logger.isAdditive(), "access lines must not also go to the root appender");
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> console =
                (OutputStreamAppender<ILoggingEvent>) ((AccessLogAppender) async).getAppender("ACCESS");
        assertTrue(console instanceof BufferedConsoleAppender, "buffered output, flushed per burst");
        assertFalse(console.isImmediateFlush(), "no flush per line");

        new AccessLogObserver(ObservabilityConfig.defaults()).requestEnded(Events.ok("acme", "chat-default", 1, 1),
                Context.root(), 0);
        String rendered = new String(console.getEncoder().encode(captured.list.get(0)), StandardCharsets.UTF_8);
        assertTrue(rendered.startsWith("{\"ts\":") && rendered.endsWith("}" + System.lineSeparator()), rendered);
    }

    @Test
    void the_buffer_exports_its_dropped_line_count() {
        var registry = new SimpleMeterRegistry();
        new AccessLogMeters(registry);
        assertEquals(0, registry.get(AccessLogMeters.DROPPED).functionCounter().count());
        registry.get(AccessLogMeters.QUEUED).gauge();
    }
}
