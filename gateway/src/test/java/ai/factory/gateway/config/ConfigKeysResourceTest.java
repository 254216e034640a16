package ai.factory.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.DefaultApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.inject.BeanDefinitionReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The known keys the start reads from the jar are the ones the application's beans read: a key
 * added to a configuration type, a placeholder or a {@code @Requires} without regenerating the
 * resource fails here (and the fresh file is written to target/ to copy over), not at a
 * customer's start.
 */
class ConfigKeysResourceTest {

    static final Path SOURCE = Path.of("src/main/resources", ConfigKeyCheck.RESOURCE);
    static final Path FRESH = Path.of("target", "config-keys.txt");

    /** Only to reach the bean definition references without starting a context (nothing is created). */
    private static final class References extends DefaultApplicationContext {
        References() {
            super("test");
        }

        List<BeanDefinitionReference<?>> all() {
            List<BeanDefinitionReference<?>> all = new ArrayList<>();
            for (BeanDefinitionReference<?> reference : resolveBeanDefinitionReferences()) {
                all.add(reference);
            }
            return all;
        }
    }

    private static List<String> walked() {
        References context = new References();
        return KeyWalk.walk(context.all(), context).lines();
    }

    @Test
    void the_known_keys_in_the_jar_are_the_keys_the_beans_read() throws IOException {
        List<String> walked = walked();
        List<String> carried = ConfigKeyCheck.knownKeys().lines();
        if (!walked.equals(carried)) {
            Files.write(FRESH, walked);
        }
        assertEquals(walked, carried, "the known configuration keys changed: cp gateway/" + FRESH + " gateway/" + SOURCE);
    }

    @Test
    void the_walk_finds_configuration_types_placeholders_and_requires() {
        List<String> walked = walked();
        assertTrue(walked.contains("gateway.ratelimit.redis-failure = fail-open, fail-closed"), "a type's enum: " + walked);
        assertTrue(walked.contains("gateway.pools.*.endpoints[*].url"), "an @EachProperty list: " + walked);
        assertTrue(walked.contains("gateway.observability.budget-refresh"), "a @Scheduled placeholder: " + walked);
        assertTrue(walked.contains("gateway.chat.slack.api-url"), "an @Value placeholder: " + walked);
    }

    @Test
    void a_jar_without_the_known_keys_refuses_to_start_instead_of_checking_nothing() {
        ClassLoader bare = new ClassLoader(null) {
        };
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ConfigKeyCheck.knownKeys(bare));
        assertTrue(e.getMessage().contains(ConfigKeyCheck.RESOURCE), e.getMessage());
    }
}
