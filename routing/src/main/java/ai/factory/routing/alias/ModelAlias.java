package ai.factory.routing.alias;

import java.util.List;

/** A model name tenants call, resolved to an ordered list of targets tried first to last. */
public record ModelAlias(String name, List<Target> targets) {

    public ModelAlias {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("model alias '" + name + "' has no targets");
        }
        targets = List.copyOf(targets);
    }
}
