package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.io.service.SoftServiceLoader.StaticDefinition;
import io.micronaut.core.io.service.SoftServiceLoader.StaticServiceLoader;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexedServicesTest {

    public static class Plain {
        public Plain() {
        }
    }

    public static class NoPublicConstructor {
        NoPublicConstructor() {
        }
    }

    public static class Failing {
        public Failing() {
            throw new IllegalStateException("broken on purpose");
        }
    }

    private final ClassLoader loader = getClass().getClassLoader();

    private static List<String> names(StaticServiceLoader<?> services) {
        return services.findAll(name -> true).map(StaticDefinition::getName).sorted().toList();
    }

    @Test
    void instantiates_each_listed_class_and_skips_those_micronaut_would_skip() {
        var listed = new IndexedServices.Listed<Object>(List.of(Plain.class.getName(), NoPublicConstructor.class.getName(),
                "ai.factory.gateway.lifecycle.NoSuchClass"), loader);

        List<Object> loaded = listed.load(service -> true);

        assertEquals(1, loaded.size());
        assertInstanceOf(Plain.class, loaded.get(0));
        assertEquals(List.of(Plain.class.getName()), names(listed));
    }

    @Test
    void applies_micronauts_condition_to_the_names_before_loading_anything() {
        var listed = new IndexedServices.Listed<Object>(List.of(Plain.class.getName(), Failing.class.getName()), loader);
        assertEquals(List.of(Plain.class.getName()), listed.findAll(name -> !name.endsWith("Failing")).map(StaticDefinition::getName).toList());
    }

    @Test
    void a_constructor_that_fails_fails_the_start_as_it_would_without_the_index() {
        var listed = new IndexedServices.Listed<Object>(List.of(Failing.class.getName()), loader);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> listed.load(service -> true));
        assertEquals("broken on purpose", thrown.getMessage());
    }

    @Test
    void answers_a_service_the_index_does_not_name_with_none_instead_of_a_scan() {
        var complete = new IndexedServices.Complete(Map.of("listed", new IndexedServices.Listed<>(List.of(Plain.class.getName()), loader)));

        assertTrue(complete.containsKey("anything.Else"));
        assertEquals(List.of(), names(complete.get("anything.Else")));
        assertEquals(List.of(Plain.class.getName()), names(complete.get("listed")));
        assertEquals(1, complete.size());
    }

    @Test
    void is_used_only_when_the_jar_is_the_whole_class_path() {
        assertTrue(IndexedServices.oneJar("/app/gateway.jar"));
        assertFalse(IndexedServices.oneJar("/app/gateway.jar" + File.pathSeparator + "/opt/plugin.jar"));
        assertFalse(IndexedServices.oneJar("target/classes"));
        assertFalse(IndexedServices.oneJar(""));
    }

    @Test
    void without_an_index_on_the_class_path_micronaut_scans_as_before() {
        // Tests run from the classes folder: no index, and the class path is not one jar.
        SoftServiceLoader.Optimizations optimizations = new IndexedServices().load();
        assertEquals(Map.of(), optimizations.getServiceLoaders());
    }
}
