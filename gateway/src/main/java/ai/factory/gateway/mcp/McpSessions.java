package ai.factory.gateway.mcp;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MCP sessions ({@code Mcp-Session-Id}): created by {@code initialize}, bound to the tenant that
 * created them, ended by DELETE or by idling out. Kept in this instance's memory: a session is only
 * the negotiated protocol version, so a client that lands on another instance gets 404 and, as the
 * specification requires, initializes again.
 */
@Singleton
public class McpSessions {

    static final int MAX_SESSIONS = 100_000;
    static final Duration IDLE = Duration.ofHours(1);

    record Session(String tenant, String protocolVersion, Instant lastUsed) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    String open(String tenant, String protocolVersion) {
        if (sessions.size() >= MAX_SESSIONS) {
            Instant cutoff = Instant.now().minus(IDLE);
            sessions.values().removeIf(s -> s.lastUsed().isBefore(cutoff));
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        sessions.put(id, new Session(tenant, protocolVersion, Instant.now()));
        return id;
    }

    /** The tenant's live session, or null: another tenant's id is as unknown as a made-up one. */
    Session find(String id, String tenant) {
        Session s = id == null ? null : sessions.get(id);
        if (s == null || !s.tenant().equals(tenant) || s.lastUsed().isBefore(Instant.now().minus(IDLE))) {
            return null;
        }
        Session touched = new Session(s.tenant(), s.protocolVersion(), Instant.now());
        sessions.put(id, touched);
        return touched;
    }

    boolean close(String id, String tenant) {
        return find(id, tenant) != null && sessions.remove(id) != null;
    }
}
