package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.inject.BeanConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With migrations off the start (GATEWAY_MIGRATE_ON_START=false, the image's way) none of
 * micronaut-flyway's beans is built: their configuration alone builds Flyway's (about 30 ms of
 * the main thread). With migrations on, they are, and migrate as the data source is created.
 */
class MigrationsOffTest {

    private static boolean flywayBeansEnabled(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder().properties(properties).environments("test").build()) {
            context.getEnvironment().start();
            List<BeanConfiguration> all = new ArrayList<>();
            SoftServiceLoader.load(BeanConfiguration.class).collectAll(all);
            BeanConfiguration flyway = all.stream().filter(c -> c.getName().equals("io.micronaut.flyway")).findFirst().orElseThrow();
            return flyway.isEnabled(context);
        }
    }

    @Test
    void migrations_off_leaves_micronaut_flyway_unbuilt() {
        assertFalse(flywayBeansEnabled(Map.of("GATEWAY_MIGRATE_ON_START", "false")));
    }

    @Test
    void migrations_on_by_default_build_it() {
        assertTrue(flywayBeansEnabled(Map.of()));
    }
}
