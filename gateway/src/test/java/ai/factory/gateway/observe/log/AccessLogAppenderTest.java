package ai.factory.gateway.observe.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogAppenderTest {

    // The application's logback context: events need its MDC adapter to be prepared for deferred writing.
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    private ILoggingEvent line(String text) {
        return new LoggingEvent(null, context.getLogger(AccessLogObserver.LOGGER), Level.INFO, text, null, null);
    }

    private AccessLogAppender started(int queueSize, ch.qos.logback.core.Appender<ILoggingEvent> child) {
        AccessLogAppender access = new AccessLogAppender();
        access.setContext(context);
        access.setQueueSize(queueSize);
        access.addAppender(child);
        access.start();
        return access;
    }

    /** A child that holds the writer thread until released (interrupts too), so the queue fills behind it. */
    private static final class Stuck extends AppenderBase<ILoggingEvent> {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        protected void append(ILoggingEvent event) {
            entered.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // a stuck disk does not care either
                }
            }
        }
    }

    @Test
    void a_full_queue_drops_and_counts_lines_instead_of_blocking_the_caller() throws Exception {
        Stuck stuck = new Stuck();
        stuck.setContext(context);
        stuck.start();
        AccessLogAppender access = started(2, stuck);
        access.doAppend(line("taken by the writer"));
        assertTrue(stuck.entered.await(30, TimeUnit.SECONDS), "the writer took the first line");

        // A deadlock guard, not a speed check: a blocking append would never return.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 10; i++) {
                access.doAppend(line("line " + i));
            }
        });

        assertEquals(8, access.dropped());
        assertEquals(2, access.queued());
        stuck.release.countDown();
        access.stop();
    }

    @Test
    void a_stuck_output_makes_the_shutdown_flush_give_up_and_say_so_instead_of_hanging() throws Exception {
        Stuck stuck = new Stuck();
        stuck.setContext(context);
        stuck.start();
        AccessLogAppender access = started(16, stuck);
        access.setMaxFlushTime(100);
        access.doAppend(line("stuck"));
        assertTrue(stuck.entered.await(30, TimeUnit.SECONDS));
        access.doAppend(line("behind it"));

        assertFalse(access.awaitFlushed(100), "not flushed while the output is stuck");
        access.stop();
        assertTrue(context.getStatusManager().getCopyOfStatusList().stream()
                .anyMatch(s -> s.getMessage().contains("still queued")), "a warning names the lines left behind");
        stuck.release.countDown();
    }

    @Test
    void lines_reach_a_buffered_output_once_the_burst_is_written() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> buffered = new OutputStreamAppender<>();
        buffered.setContext(context);
        buffered.setImmediateFlush(false);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        buffered.setEncoder(encoder);
        buffered.setOutputStream(new BufferedOutputStream(sink, 64 * 1024));
        buffered.start();
        AccessLogAppender access = started(64, buffered);

        access.doAppend(line("{\"a\":1}"));
        access.doAppend(line("{\"a\":2}"));
        assertTrue(access.awaitFlushed(30_000));

        assertEquals("{\"a\":1}\n{\"a\":2}\n", sink.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
        access.stop();
    }

    @Test
    void lines_offered_while_the_writer_lingers_wait_for_it_and_leave_together() throws Exception {
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(context);
        list.start();
        AccessLogAppender access = new AccessLogAppender();
        access.setContext(context);
        access.setQueueSize(64);
        // Longer than the test: the writer is still lingering when the lines below are checked.
        access.setLingerMillis(600_000);
        access.addAppender(list);
        access.start();

        access.doAppend(line("first"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (access.queued() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(0, access.queued(), "the writer took the first line");
        for (int i = 0; i < 9; i++) {
            access.doAppend(line("behind " + i));
        }

        assertEquals(0, list.list.size(), "nothing written while the writer lingers");
        assertEquals(9, access.queued());
        access.stop();
        assertEquals(10, list.list.size());
        assertEquals("first", list.list.get(0).getFormattedMessage());
    }

    @Test
    void stopping_writes_every_queued_line_first() {
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(context);
        list.start();
        AccessLogAppender access = started(1000, list);
        for (int i = 0; i < 500; i++) {
            access.doAppend(line("line " + i));
        }
        access.stop();

        assertEquals(500, list.list.size());
        assertEquals("line 499", list.list.get(499).getFormattedMessage());
        assertEquals(0, access.dropped());
    }

    @Test
    void does_not_start_without_an_output() {
        AccessLogAppender access = new AccessLogAppender();
        access.setContext(context);
        access.start();
        assertTrue(!access.isStarted());
    }
}
