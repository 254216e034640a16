package ai.factory.routing.backend.netty;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The unused connections to one endpoint on one event loop. Touched only on that loop, so it
 * needs no locks. Last in, first out: under light load the same few connections stay warm and
 * the rest age out.
 */
final class ConnectionPool {

    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final long keepAliveNanos;
    private final int maxIdle;

    ConnectionPool(long keepAliveNanos, int maxIdle) {
        this.keepAliveNanos = keepAliveNanos;
        this.maxIdle = maxIdle;
    }

    /** The freshest open connection, or null when a new one is needed. */
    Connection poll() {
        long now = System.nanoTime();
        Connection c;
        while ((c = idle.pollLast()) != null) {
            if (c.channel.isActive() && now - c.idleSince < keepAliveNanos) {
                return c;
            }
            c.channel.close();
        }
        return null;
    }

    void offer(Connection c) {
        if (!c.channel.isActive()) {
            return;
        }
        if (idle.size() >= maxIdle) {
            c.channel.close();
            return;
        }
        c.idleSince = System.nanoTime();
        idle.addLast(c);
        // One read pending while idle: the server's close (or stray bytes) is noticed at once.
        c.channel.read();
    }

    void remove(Connection c) {
        idle.remove(c);
    }

    /** Closes connections unused for longer than the keep-alive. */
    void sweep() {
        long now = System.nanoTime();
        for (Iterator<Connection> it = idle.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (now - c.idleSince >= keepAliveNanos) {
                it.remove();
                c.channel.close();
            }
        }
    }

    int idleCount() {
        return idle.size();
    }

    void closeAll() {
        Connection c;
        while ((c = idle.pollLast()) != null) {
            c.channel.close();
        }
    }
}
