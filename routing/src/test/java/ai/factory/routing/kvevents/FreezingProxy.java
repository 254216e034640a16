package ai.factory.routing.kvevents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free port whose open connections can be frozen: they stay open and deliver
 * nothing, as a half-open connection or a deaf ZMQ pipe does, while new connections relay normally.
 */
final class FreezingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final List<Relay> relays = new CopyOnWriteArrayList<>();

    FreezingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "freezing-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return relays.size();
    }

    /** Every connection open now stops relaying (in both directions) but stays open. */
    void freezeOpenConnections() {
        relays.forEach(r -> r.frozen = true);
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                Relay relay = new Relay(client, upstream);
                relays.add(relay);
                pump(relay, client, upstream);
                pump(relay, upstream, client);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void pump(Relay relay, Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while (!relay.frozen && (n = in.read(buffer)) >= 0) {
                    if (relay.frozen) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                while (relay.frozen && !from.isClosed()) {
                    // Frozen: hold the connection open without reading or writing.
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException e) {
                // either side closed
            }
        }, "freezing-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Relay r : relays) {
            r.client.close();
            r.upstream.close();
        }
    }

    private static final class Relay {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Relay(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }
}
