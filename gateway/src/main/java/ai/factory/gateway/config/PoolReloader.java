package ai.factory.gateway.config;

import ai.factory.routing.alias.RouteTable;
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
 * counters, breaker and health. Pools, aliases and policies need a restart.
 */
@Singleton
public class PoolReloader implements ApplicationEventListener<RefreshEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PoolReloader.class);
    private static final Argument<List<PoolConfig.EndpointEntry>> ENTRIES =
            Argument.listOf(PoolConfig.EndpointEntry.class);

    private final Environment environment;
    private final RouteTable routes;
    private final List<PoolConfig> configs;

    public PoolReloader(Environment environment, RouteTable routes, List<PoolConfig> configs) {
        this.environment = environment;
        this.routes = routes;
        this.configs = configs;
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
                pool.replaceEndpoints(PoolBuilder.endpoints(config, entries, PoolBuilder.guard(config)));
                LOG.info("{}: endpoints now {}", where, pool.endpoints());
            } catch (RuntimeException e) {
                LOG.error("{}: the refreshed endpoints are invalid; keeping the current ones", where, e);
            }
        }
    }
}
