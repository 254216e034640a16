package ai.factory.gateway.observe.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output behind a buffer ({@code bufferSize}, 64 KiB by default): lines reach the
 * process's output when the buffer fills or when {@link #flush()} is called, which
 * {@link AccessLogAppender} does after each burst. logback's ConsoleAppender cannot do this even
 * with {@code immediateFlush=false}: {@code System.out} flushes itself on every write. Whole lines
 * only: a line that does not fit flushes the buffer first, and each flush is one write through
 * {@code System.out}'s lock, so access lines never interleave with other console output.
 */
public class BufferedConsoleAppender extends OutputStreamAppender<ILoggingEvent> implements Flushable {

    private int bufferSize = 64 * 1024;

    public BufferedConsoleAppender() {
        setImmediateFlush(false);
    }

    @Override
    public void start() {
        setOutputStream(new BufferedOutputStream(new StdoutWithoutClose(System.out), bufferSize));
        super.start();
    }

    @Override
    public void flush() throws IOException {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
                out.flush();
            }
        } finally {
            streamWriteLock.unlock();
        }
    }

    public int getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(int bufferSize) {
        this.bufferSize = bufferSize;
    }

    /** Closing the appender must flush, never close the process's standard output. */
    private static final class StdoutWithoutClose extends OutputStream {

        private final PrintStream out;

        StdoutWithoutClose(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(b, off, len);
        }

        @Override
        public void flush() {
            out.flush();
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
