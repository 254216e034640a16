package ai.factory.gateway.observe.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BufferedConsoleAppenderTest {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    // The application's logback context: events need its MDC adapter to be prepared for deferred writing.
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void restore() {
        System.setOut(original);
    }

    private BufferedConsoleAppender started() {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        BufferedConsoleAppender appender = new BufferedConsoleAppender();
        appender.setContext(context);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private void log(BufferedConsoleAppender appender, String text) {
        appender.doAppend(new LoggingEvent(null, context.getLogger("gateway.access"), Level.INFO, text, null, null));
    }

    private String written() {
        return console.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void holds_lines_until_flushed_instead_of_writing_each_one() throws Exception {
        BufferedConsoleAppender appender = started();
        log(appender, "{\"n\":1}");
        log(appender, "{\"n\":2}");
        assertEquals("", written());

        appender.flush();
        assertEquals("{\"n\":1}\n{\"n\":2}\n", written());
        appender.stop();
    }

    @Test
    void stopping_flushes_but_leaves_standard_output_open() {
        BufferedConsoleAppender appender = started();
        log(appender, "{\"n\":1}");
        appender.stop();
        System.out.println("after");
        assertEquals("{\"n\":1}\nafter\n", written());
    }
}
