package ai.factory.gateway.mcp.upstream;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered upstreams in memory, so {@code /mcp} never reads PostgreSQL: re-read every
 * {@code gateway.mcp.upstream.refresh} on a scheduler thread and at once after an admin change on
 * this instance. An unchanged upstream keeps its link (client session, breaker state, tool list);
 * a changed one gets a new link and the old one is closed.
 */
@Singleton
public class UpstreamRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamRegistry.class);

    private final UpstreamStore store;
    private final McpUpstreamConfig config;
    private volatile Map<String, UpstreamLink> links = Map.of();

    public UpstreamRegistry(UpstreamStore store, McpUpstreamConfig config) {
        this.store = store;
        this.config = config;
    }

    UpstreamLink find(String name) {
        return links.get(name);
    }

    Collection<UpstreamLink> all() {
        return links.values();
    }

    @Scheduled(fixedDelay = "${gateway.mcp.upstream.refresh:30s}", initialDelay = "1s")
    void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            // PostgreSQL away: keep serving the upstreams last read.
            LOG.warn("could not re-read the MCP upstreams; keeping the {} known: {}", links.size(), e.toString());
        }
    }

    /** Blocking: reads every row. */
    public synchronized void reload() {
        Map<String, UpstreamLink> old = links;
        Map<String, UpstreamLink> next = new HashMap<>();
        for (UpstreamRow row : store.all()) {
            UpstreamLink kept = old.get(row.name());
            if (kept != null && Objects.equals(kept.upstream().version(), row.updatedAt())) {
                next.put(row.name(), kept);
                continue;
            }
            try {
                next.put(row.name(), new UpstreamLink(store.open(row), config));
            } catch (RuntimeException e) {
                // One unreadable row (a rotated key) must not hide the others.
                LOG.error("MCP upstream '{}' is left out: {}", row.name(), e.getMessage());
            }
        }
        links = Map.copyOf(next);
        old.forEach((name, link) -> {
            if (next.get(name) != link) {
                link.close();
            }
        });
    }

    @PreDestroy
    void close() {
        links.values().forEach(UpstreamLink::close);
        links = Map.of();
    }
}
