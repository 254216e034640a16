package ai.factory.gateway.observe.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.io.Flushable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The access log's buffer between the request's event loop and the output. Appending is an
 * {@code offer} on a bounded queue: it never blocks, and a line that finds the queue full is
 * dropped and counted ({@link #dropped()}, exported as {@code gateway.access_log.dropped}). One
 * thread writes the queued lines in batches to the attached appenders and flushes them once per
 * batch, when the queue is empty, so the output is flushed per burst rather than per line.
 * {@link #stop()} writes and flushes what is queued (for at most {@code maxFlushTime}).
 *
 * <p>After the first line of a burst the writer lingers ({@code lingerMillis}, 20 by default)
 * before it writes: lines offered meanwhile find no thread waiting on the queue, so the request's
 * event loop appends without waking anyone. Without it, a lone client's every request woke the
 * writer (a futex call on the loop, a thread switch and a write for one line).
 *
 * <p>logback's {@code AsyncAppender} does the same but drops silently and never flushes a
 * buffered child; this one is set up in {@link LogConfigurator}.
 */
public class AccessLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    /** How many lines the writer has written and flushed; only the writer thread updates it. */
    private volatile long flushed;
    private long written;
    private int queueSize = 8192;
    private int maxFlushTime = 1000;
    private int lingerMillis = 20;
    private volatile BlockingQueue<ILoggingEvent> queue;
    private Thread writer;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (!appenders.iteratorForAppenders().hasNext()) {
            addError("no appender attached to " + getName());
            return;
        }
        if (queueSize < 1) {
            addError("queueSize must be >= 1, got " + queueSize);
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        writer = new Thread(this::writeLoop, "access-log-writer");
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        // Fixes the message, thread name and MDC now: the writer thread formats later.
        event.prepareForDeferredProcessing();
        if (queue.offer(event)) {
            accepted.increment();
        } else {
            dropped.increment();
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>();
        try {
            while (isStarted()) {
                batch.add(queue.take());
                if (lingerMillis > 0) {
                    Thread.sleep(lingerMillis);
                }
                queue.drainTo(batch);
                write(batch);
            }
        } catch (InterruptedException stopping) {
            // stop() wants the rest written below.
        }
        queue.drainTo(batch);
        write(batch);
    }

    private void write(List<ILoggingEvent> batch) {
        for (ILoggingEvent event : batch) {
            appenders.appendLoopOnAppenders(event);
        }
        written += batch.size();
        batch.clear();
        if (queue.isEmpty()) {
            flushAppenders();
            flushed = written;
        }
    }

    /**
     * Waits, at most {@code timeoutMillis}, until every line accepted before the call is written
     * and flushed; true when it was. For a shutdown that keeps logback running (one JVM may host
     * several application contexts, as tests do).
     */
    public boolean awaitFlushed(long timeoutMillis) throws InterruptedException {
        long target = accepted.sum();
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (flushed < target) {
            if (!isStarted() || System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    private void flushAppenders() {
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            try {
                if (appender instanceof Flushable flushable) {
                    flushable.flush();
                } else if (appender instanceof OutputStreamAppender<ILoggingEvent> out && !out.isImmediateFlush()
                        && out.getOutputStream() != null) {
                    out.getOutputStream().flush();
                }
            } catch (IOException e) {
                addError("flushing " + appender.getName(), e);
            }
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        writer.interrupt();
        try {
            writer.join(maxFlushTime);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            addWarn(queue.size() + " access-log lines still queued after " + maxFlushTime + " ms; dropped");
        }
        appenders.detachAndStopAllAppenders();
    }

    /** Lines dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines waiting to be written. */
    public int queued() {
        BlockingQueue<ILoggingEvent> q = queue;
        return q == null ? 0 : q.size();
    }

    public int getLingerMillis() {
        return lingerMillis;
    }

    public void setLingerMillis(int lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getMaxFlushTime() {
        return maxFlushTime;
    }

    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
