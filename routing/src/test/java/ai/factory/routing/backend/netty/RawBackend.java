package ai.factory.routing.backend.netty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend on plain sockets, for what WireMock and the emulator cannot do on purpose: close a
 * pooled connection, go quiet mid-answer, reset before the head, count the bytes a slow client
 * let it write.
 */
final class RawBackend implements AutoCloseable {

    /** Answers one request on the socket; false ends the connection. */
    interface Script {
        boolean answer(Socket socket, OutputStream out, RawBackend backend) throws Exception;
    }

    final AtomicInteger accepted = new AtomicInteger();
    final AtomicLong written = new AtomicLong();
    private final ServerSocket server;

    RawBackend(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread serving = new Thread(() -> serve(socket, script), "raw-backend-conn");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "raw-backend-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket socket, Script script) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            while (readRequest(in)) {
                if (!script.answer(socket, out, this)) {
                    return;
                }
            }
        } catch (Exception gone) {
            // the client closed the connection: that is what several tests wait for
        }
    }

    /** Reads one request head and its content-length body; false at end of stream. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        int matched = 0;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' || b == '\n') && ((matched % 2 == 0) == (b == '\r')) ? matched + 1 : 0;
        }
        if (matched < 4) {
            return false;
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return true;
    }

    int port() {
        return server.getLocalPort();
    }

    static void write(OutputStream out, RawBackend backend, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        out.flush();
        backend.written.addAndGet(bytes.length);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
