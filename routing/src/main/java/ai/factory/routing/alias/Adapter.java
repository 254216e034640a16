package ai.factory.routing.alias;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A LoRA adapter a request is served as. vLLM serves an adapter under its own model name on the
 * servers that run its base model, so of an alias's targets only those serving {@code base} can
 * serve it, and they are asked for {@code name} (which is also what the pool's balancer sees).
 */
public record Adapter(String name, String base) {

    public Adapter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
    }

    /** The targets that run the base model, each asked for the adapter instead; the others dropped. */
    public List<Target> servedBy(List<Target> targets) {
        List<Target> serving = new ArrayList<>();
        for (Target t : targets) {
            if (t.servedModel().equals(base)) {
                serving.add(new Target(t.pool(), name, t.contextWindow()));
            }
        }
        return serving;
    }
}
