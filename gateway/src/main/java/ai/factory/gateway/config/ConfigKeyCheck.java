package ai.factory.gateway.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops the start when a {@code gateway.*} key is one the gateway does not read, or an enum
 * setting has a value it does not know (a misspelt {@code redis-failure: fail-opne} must not
 * quietly mean fail-open). The known keys are the ones {@link KeyWalk} finds in the application's
 * beans, carried in the jar as {@link #RESOURCE} (src/main/resources; ConfigKeysResourceTest
 * fails the build when it differs from the walk and writes the fresh file): reading it costs a
 * few milliseconds where the walk cost 40–190 ms of the start. First of the eager beans, so
 * nothing has started yet when it fails.
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ConfigKeyCheck {

    static final String PREFIX = KeyWalk.PREFIX;
    /** The known keys, as {@link KeyTree#lines()} writes them. */
    static final String RESOURCE = "META-INF/gateway/config-keys.txt";

    public ConfigKeyCheck(ApplicationContext context) {
        List<String> problems = problems(knownKeys(), context);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Unknown configuration under gateway.:\n  " + String.join("\n  ", problems));
        }
    }

    /** The keys the jar carries; a jar without them is a broken build, not a configuration to wave through. */
    static KeyTree knownKeys() {
        return knownKeys(ConfigKeyCheck.class.getClassLoader());
    }

    static KeyTree knownKeys(ClassLoader jar) {
        try (InputStream in = jar.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ConfigurationException("the jar carries no " + RESOURCE + " (the known configuration keys)");
            }
            return KeyTree.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code gateway.*} key of every property source but the environment variables (read only as placeholders). */
    static List<String> problems(KeyTree tree, ApplicationContext context) {
        List<String> problems = new ArrayList<>();
        for (PropertySource source : context.getEnvironment().getPropertySources()) {
            if (source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE) {
                problems.addAll(EnvironmentVariableCheck.problems(source, tree, context.getEnvironment()));
                continue;
            }
            for (String key : source) {
                if (!key.startsWith(PREFIX)) {
                    continue;
                }
                Object value = source.get(key);
                if (value instanceof CharSequence) {
                    // ${GATEWAY_RATELIMIT_REDIS_FAILURE:fail-open}: the value that will be bound.
                    value = context.getEnvironment().getProperty(key, String.class).orElse(value.toString());
                }
                for (String problem : tree.check(key, value)) {
                    problems.add(problem + " [" + source.getName() + "]");
                }
            }
        }
        return problems;
    }
}
