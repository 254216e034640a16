package ai.factory.gateway.observe.log;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.DefaultJoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The gateway's logging, set up in code (found by logback's {@code ServiceLoader} lookup). Reading
 * the same set-up from a {@code logback.xml} cost about 50 ms of the main thread's CPU at every
 * start (XML events, the configuration model, setters found by reflection), and a scale-from-zero
 * request waits for the start.
 *
 * <ul>
 *   <li>Application lines go to stdout: {@code HH:mm:ss.SSS LEVEL [thread] logger - message}.
 *   <li>The access log ({@code gateway.access}) is one bare JSON object per line. It is written from
 *       the request's event loop, so it goes through {@link AccessLogAppender}, a bounded queue
 *       that never blocks (a full queue drops the line and counts it), to one writer thread that
 *       writes a 64 KiB buffer ({@link BufferedConsoleAppender}) and flushes it once per burst.
 *   <li>The embedded servers of the local run narrate every start; their warnings are enough.
 * </ul>
 *
 * <p>An operator's own file still wins: with {@code -Dlogback.configurationFile=…}, or a
 * {@code logback.xml} or {@code logback-test.xml} on the class path, logback's XML configurator
 * reads it instead.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    static final String ACCESS_LOGGER = "gateway.access";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (overridden()) {
            // Micronaut's logging refresh calls the first service configurator directly, so this
            // one runs the XML configurator itself rather than leaving it to logback's next step.
            DefaultJoranConfigurator joran = new DefaultJoranConfigurator();
            joran.setContext(context);
            return joran.configure(context);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context));

        Logger access = context.getLogger(ACCESS_LOGGER);
        access.setLevel(Level.INFO);
        access.setAdditive(false);
        access.addAppender(accessLog(context));

        context.getLogger("io.zonky.test.db.postgres").setLevel(Level.WARN);
        context.getLogger("redis.embedded").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static boolean overridden() {
        ClassLoader loader = LogConfigurator.class.getClassLoader();
        return System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder(context, PATTERN));
        console.start();
        return console;
    }

    private static AccessLogAppender accessLog(LoggerContext context) {
        BufferedConsoleAppender out = new BufferedConsoleAppender();
        out.setContext(context);
        out.setName("ACCESS");
        out.setBufferSize(65_536);
        out.setImmediateFlush(false);
        out.setEncoder(encoder(context, "%msg%n"));
        out.start();

        AccessLogAppender queue = new AccessLogAppender();
        queue.setContext(context);
        queue.setName("ACCESS_ASYNC");
        queue.addAppender(out);
        queue.setQueueSize(8192);
        queue.setMaxFlushTime(2000);
        queue.setLingerMillis(20);
        queue.start();
        return queue;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }
}
