package ai.factory.routing.fallback;

import ai.factory.routing.backend.BackendFailure;
import java.util.List;
import java.util.stream.Collectors;

/** Every target of a model alias failed; carries each attempt so the error can name them all. */
public final class AllTargetsFailed extends RuntimeException {

    private final String alias;
    private final List<BackendFailure> attempts;

    public AllTargetsFailed(String alias, List<BackendFailure> attempts) {
        super(describe(alias, attempts), null, false, false);
        this.alias = alias;
        this.attempts = List.copyOf(attempts);
    }

    public String alias() {
        return alias;
    }

    public List<BackendFailure> attempts() {
        return attempts;
    }

    /** The failure that decides the client's status: the last one, as the nearest to "now". */
    public BackendFailure last() {
        return attempts.get(attempts.size() - 1);
    }

    private static String describe(String alias, List<BackendFailure> attempts) {
        String each = attempts.stream().map(BackendFailure::getMessage).collect(Collectors.joining("; "));
        return "model '" + alias + "': " + (attempts.size() == 1 ? "the backend failed: " : "all "
                + attempts.size() + " attempts failed: ") + each;
    }
}
