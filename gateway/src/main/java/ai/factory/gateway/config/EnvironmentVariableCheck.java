package ai.factory.gateway.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code GATEWAY_*} environment variable that means nothing to the gateway stops the start,
 * named: {@code GATEWAY_RATELIMIT_REDIS_FAILUER=fail-closed} would otherwise leave fail-open in
 * force. A variable is known when Micronaut's mapping of it (lower case, each underscore a dot or
 * a dash) reaches a key {@link KeyTree} knows, when a configuration file reads it as a
 * placeholder ({@code ${GATEWAY_PORT:8080}}), or when it is {@link #READ_DIRECTLY}. Plain Java
 * over the variables given; {@link ConfigKeyCheck} passes the environment's.
 */
final class EnvironmentVariableCheck {

    static final String PREFIX = "GATEWAY_";
    /** Read with System.getenv (Application: the local run's data directory) or by the launch scripts (JVM options). */
    static final Set<String> READ_DIRECTLY = Set.of("GATEWAY_DATA_DIR", "GATEWAY_JAVA_OPTS");
    /**
     * What Kubernetes puts in every pod's environment for a Service named "gateway" in the same
     * namespace (service links): not ours, and not a reason to refuse the start.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            PREFIX + "(SERVICE_(HOST|PORT)(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{\\s*(" + PREFIX + "[A-Za-z0-9_]+)");
    /** Past this many words the 2^(n-1) spellings are not tried: no key of ours is that deep. */
    private static final int MAX_WORDS = 16;
    private static final String UNKNOWN = ": unknown key";

    private EnvironmentVariableCheck() {
    }

    /** The problems with the variables of {@code variables}, against the placeholders of every other source of {@code environment}. */
    static List<String> problems(PropertySource variables, KeyTree known, Environment environment) {
        Map<String, String> values = new TreeMap<>();
        for (String name : variables) {
            Object value = variables.get(name);
            values.put(name, value == null ? null : value.toString());
        }
        return problems(values, known, placeholders(environment));
    }

    /** One problem per {@code GATEWAY_*} variable of {@code variables} that maps to no known key or to a value it does not take. */
    static List<String> problems(Map<String, String> variables, KeyTree known, Set<String> placeholders) {
        List<String> problems = new ArrayList<>();
        new TreeMap<>(variables).forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !READ_DIRECTLY.contains(name) && !placeholders.contains(name)
                    && !SERVICE_LINK.matcher(name).matches()) {
                String problem = problem(name, value, known);
                if (problem != null) {
                    problems.add(problem + " [environment variable " + name + "]");
                }
            }
        });
        return problems;
    }

    /** The {@code GATEWAY_*} names read as placeholders by every property source but the environment's. */
    static Set<String> placeholders(Environment environment) {
        Set<String> names = new HashSet<>();
        for (PropertySource source : environment.getPropertySources()) {
            if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE) {
                continue;
            }
            for (String key : source) {
                Matcher m = PLACEHOLDER.matcher(String.valueOf(source.get(key)));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static String problem(String name, String value, KeyTree known) {
        String[] words = name.toLowerCase(Locale.ROOT).split("_", -1);
        if (words.length > MAX_WORDS) {
            return name + ": maps to no configuration key (more than " + MAX_WORDS + " words)";
        }
        String nearest = null;
        for (int dashes = 0; dashes < 1 << (words.length - 1); dashes++) {
            String key = spelling(words, dashes);
            List<String> unknown = known.check(key, null);
            if (unknown.isEmpty()) {
                List<String> wrongValue = known.check(key, value);
                return wrongValue.isEmpty() ? null : wrongValue.get(0);
            }
            // The spelling that gets deepest into the tree says best what was meant.
            String problem = unknown.get(0);
            if (nearest == null || depth(problem) > depth(nearest)) {
                nearest = problem;
            }
        }
        return name + ": maps to no configuration key; nearest " + nearest;
    }

    /** Bit i of {@code dashes} set: the underscore after word i is a dash, else a dot. */
    private static String spelling(String[] words, int dashes) {
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append((dashes >> (i - 1) & 1) == 1 ? '-' : '.').append(words[i]);
        }
        return key.toString();
    }

    private static int depth(String problem) {
        int end = problem.indexOf(UNKNOWN);
        return end < 0 ? 0 : end;
    }
}
