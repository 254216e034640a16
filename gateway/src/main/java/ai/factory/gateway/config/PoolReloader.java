package ai.factory.gateway.config;

import ai.factory.routing.alias.RouteTable;
import ai.factory.routing.pool.Endpoint;
import ai.factory.routing.pool.Pool;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.type.Argument;
import io.micronaut.runtime.context.scope.refresh.RefreshEvent;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code gateway.pools.<name>.endpoints} again after a configuration refresh (Micronaut's
 * {@link RefreshEvent}, e.g. from the refresh management endpoint or a config-change
 * notification): each pool's endpoint list is swapped whole. Requests in flight keep the
 * endpoint they hold, so removing a server drops nothing; endpoints whose URL stays keep their
 * counters, breaker and health; a kv-prefix pool's KV-event subscriptions follow the list.
 * Pools, aliases and policies need a restart.
 */
@Singleton
public class PoolReloader implements ApplicationEventListener<RefreshEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PoolReloader.class);
    private static final Argument<List<PoolConfig.EndpointEntry>> ENTRIES =
            Argument.listOf(PoolConfig.EndpointEntry.class);

    private final Environment environment;
    private final RouteTable routes;
    private final List<PoolConfig> configs;
    private final KvEventFeeds kvEvents;

    public PoolReloader(Environment environment, RouteTable routes, List<PoolConfig> configs, KvEventFeeds kvEvents) {
        this.environment = environment;
        this.routes = routes;
        this.configs = configs;
        this.kvEvents = kvEvents;
    }

    @Override
    public void onApplicationEvent(RefreshEvent event) {
        for (PoolConfig config : configs) {
            Pool pool = routes.pools().stream().filter(p -> p.name().equals(config.name())).findFirst().orElse(null);
            if (pool == null) {
                continue;
            }
            String where = "gateway.pools." + config.name();
            try {
                List<PoolConfig.EndpointEntry> entries = environment.getProperty(where + ".endpoints", ENTRIES).orElse(List.of());
                if (entries.isEmpty()) {
                    LOG.warn("{}: a refresh left the pool without endpoints; keeping the current ones", where);
                    continue;
                }
                List<Endpoint> endpoints = PoolBuilder.endpoints(config, entries, PoolBuilder.guard(config));
                // Subscribed before the swap, so a joining server's first blocks are heard.
                kvEvents.follow(config.name(), entries, endpoints);
                pool.replaceEndpoints(endpoints);
                LOG.info("{}: endpoints now {}", where, pool.endpoints());
            } catch (RuntimeException e) {
                LOG.error("{}: the refreshed endpoints are invalid; keeping the current ones", where, e);
            }
        }
    }
}
