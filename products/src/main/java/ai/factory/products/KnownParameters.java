package ai.factory.products;

import java.util.Map;

/**
 * The sampling parameters a manifest may expose, with the range the OpenAI API itself accepts.
 * A closed list: a typo such as {@code tempreature} fails at load instead of being sent to every
 * backend, and a manifest cannot offer a bound the API would refuse.
 */
final class KnownParameters {

    /** What the API accepts for one parameter, and which endpoint takes it. */
    record Spec(boolean integer, double floor, double ceiling, boolean chat) {
    }

    static final Map<String, Spec> ALL = Map.of(
            "temperature", new Spec(false, 0, 2, true),
            "top_p", new Spec(false, 0, 1, true),
            "max_tokens", new Spec(true, 1, 1_000_000, true),
            "presence_penalty", new Spec(false, -2, 2, true),
            "frequency_penalty", new Spec(false, -2, 2, true),
            "seed", new Spec(true, 0, Long.MAX_VALUE, true),
            "dimensions", new Spec(true, 1, 65_536, false));

    private KnownParameters() {
    }

    /** The names allowed for an endpoint, sorted, for error messages. */
    static String namesFor(boolean chat) {
        return String.join(", ", ALL.entrySet().stream()
                .filter(e -> e.getValue().chat() == chat)
                .map(Map.Entry::getKey)
                .sorted()
                .toList());
    }
}
