package ai.factory.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.backend.netty.NettyTransport;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The default backend transport inside the running gateway: pooled on the server's loops, and back-pressured end to end. */
class BackendTransportIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat", "gpu=" + EmulatorConfig.DEFAULT_MODEL)
            .tenant("acme")
            .build();

    @Test
    void sequential_requests_reuse_keep_alive_backend_connections_owned_by_the_server_loops(
            GatewayApp app, @Key("acme") String key, @Pool("gpu") Emulator emulator) {
        assertInstanceOf(NettyTransport.class, app.context().getBean(BackendTransport.class));
        for (int i = 0; i < 20; i++) {
            assertEquals(200, app.post("/v1/chat/completions", key,
                    Bodies.chat("chat").maxTokens(4).user("hi " + i).json()).statusCode());
        }
        long loops = StreamSupport.stream(app.context().getBean(EventLoopGroupRegistry.class)
                .getDefaultEventLoopGroup().spliterator(), false).count();
        assertTrue(emulator.connectionsAccepted() <= loops,
                "20 calls, " + emulator.connectionsAccepted() + " backend connections for " + loops + " loops");
    }

    @Test
    void a_client_that_stops_reading_a_stream_stops_the_gateway_reading_the_backend(@Key("acme") String key)
            throws Exception {
        long total = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (ServerSocket backend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> serveEndlessStream(backend, total, written), "endless-backend");
            serving.setDaemon(true);
            serving.start();
            // The same deployment with its pool on the endless backend instead of the emulator.
            GatewayApp app = gw.anotherInstance(Map.of(
                    "gateway.pools.gpu.endpoints[0].url", "http://127.0.0.1:" + backend.getLocalPort(),
                    "gateway.models.chat.targets[0].model", "m"));
            try (Socket client = new Socket()) {
                client.setReceiveBufferSize(64 * 1024); // fixed, so the kernel cannot soak up the stream for us
                client.connect(new InetSocketAddress("127.0.0.1", app.uri("/").getPort()));
                byte[] body = Bodies.chat("chat").stream().user("hi").json().getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer " + key
                        + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                String head = readHead(client.getInputStream());
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                // From here on the client reads nothing.
                long stalledAt = settled(written);
                assertTrue(stalledAt < total / 4, "the backend wrote " + stalledAt + " of " + total
                        + " bytes to a gateway whose client reads nothing");
                System.out.println("slow-reader stall: backend wrote " + stalledAt + " bytes before it was held back");
            }
        }
    }

    /** Streams SSE chunks of 16 KiB until {@code total} bytes or the gateway closes the connection. */
    private static void serveEndlessStream(ServerSocket server, long total, AtomicLong written) {
        String content = "x".repeat(16 * 1024);
        byte[] event = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"" + content + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] chunk = concat((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1), event,
                "\r\n".getBytes(StandardCharsets.ISO_8859_1));
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                String request = readHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                if (!request.toLowerCase(Locale.ROOT).startsWith("post /v1/chat/completions")) {
                    out.write("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    continue;
                }
                out.write("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                while (written.get() < total) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException closed) {
                // the gateway closed the connection (the test ended): wait for the next one, or the end
            }
        }
    }

    /** Reads up to the blank line after the head; also skips a request's content-length body. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:") && text.startsWith("POST")) {
                in.readNBytes(Integer.parseInt(line.substring(15).trim()));
            }
        }
        return text;
    }

    /** Waits until the count stops moving (unchanged over a second), and returns it. */
    private static long settled(AtomicLong value) throws InterruptedException {
        long last = -1;
        int still = 0;
        while (still < 10) {
            Thread.sleep(100);
            long now = value.get();
            still = now == last ? still + 1 : 0;
            last = now;
        }
        return last;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
