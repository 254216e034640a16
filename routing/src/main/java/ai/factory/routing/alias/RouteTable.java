package ai.factory.routing.alias;

import ai.factory.routing.pool.Pool;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The model aliases and pools of one gateway configuration; immutable once built. */
public final class RouteTable {

    private final Map<String, ModelAlias> aliases;
    private final Map<String, Pool> pools;

    public RouteTable(Collection<ModelAlias> aliases, Collection<Pool> pools) {
        Map<String, ModelAlias> byName = new LinkedHashMap<>();
        for (ModelAlias alias : aliases) {
            byName.put(alias.name(), alias);
        }
        Map<String, Pool> poolsByName = new LinkedHashMap<>();
        for (Pool pool : pools) {
            poolsByName.put(pool.name(), pool);
        }
        this.aliases = Collections.unmodifiableMap(byName);
        this.pools = Collections.unmodifiableMap(poolsByName);
    }

    public Optional<ModelAlias> alias(String name) {
        return Optional.ofNullable(aliases.get(name));
    }

    public Collection<ModelAlias> aliases() {
        return aliases.values();
    }

    public Collection<Pool> pools() {
        return pools.values();
    }
}
