package ai.factory.gateway.observe.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ClassicEnvUtil;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogConfiguratorTest {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();

    {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    @AfterEach
    void restore() {
        System.setOut(original);
        System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
        context.stop();
    }

    private ExecutionStatus configure() {
        LogConfigurator configurator = new LogConfigurator();
        configurator.setContext(context);
        return configurator.configure(context);
    }

    @Test
    void is_the_configurator_logback_finds_and_the_one_the_application_runs_with() {
        List<Configurator> found = ClassicEnvUtil.loadFromServiceLoader(Configurator.class, getClass().getClassLoader());
        assertEquals(List.of(LogConfigurator.class), found.stream().map(Object::getClass).toList());

        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertTrue(AccessLogMeters.find().isPresent(), "the access log goes through the never-blocking queue");
    }

    @Test
    void application_lines_go_to_stdout_with_time_level_thread_and_logger() {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure());

        context.getLogger("ai.factory.gateway.Example").info("hello {}", "there");
        context.getLogger("ai.factory.gateway.Example").debug("not at info");

        String line = console.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+] ai\\.factory\\.gateway\\.Example - hello there"), line);
    }

    @Test
    void access_lines_are_bare_json_through_the_queue_and_never_reach_the_root_appender() throws Exception {
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        configure();

        Logger access = context.getLogger(LogConfigurator.ACCESS_LOGGER);
        assertFalse(access.isAdditive());
        Appender<ILoggingEvent> queue = access.getAppender("ACCESS_ASYNC");
        AccessLogAppender accessLog = assertInstanceOf(AccessLogAppender.class, queue);

        access.info("{\"status\":\"ok\"}");
        accessLog.awaitFlushed(5_000);
        assertEquals("{\"status\":\"ok\"}", console.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void quiets_the_embedded_servers_of_the_local_run() {
        configure();
        assertEquals(Level.WARN, context.getLogger("io.zonky.test.db.postgres").getLevel());
        assertEquals(Level.WARN, context.getLogger("redis.embedded").getLevel());
        assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }

    @Test
    void an_operators_configuration_file_replaces_it(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ops-logback.xml");
        Files.writeString(file, """
                <configuration>
                  <appender name="OPS" class="ch.qos.logback.core.read.ListAppender"/>
                  <root level="DEBUG"><appender-ref ref="OPS"/></root>
                </configuration>
                """);
        System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, file.toString());

        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configure());

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertInstanceOf(ListAppender.class, root.getAppender("OPS"));
        assertNull(root.getAppender("STDOUT"));
        assertNull(context.getLogger(LogConfigurator.ACCESS_LOGGER).getAppender("ACCESS_ASYNC"));
        assertEquals(Level.DEBUG, root.getLevel());
    }
}
