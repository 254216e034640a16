package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceIndexTest {

    @TempDir
    Path dir;

    /** A jar laid out as the shade plugin writes one: folder entries, empty service entries, service files. */
    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static Map<String, List<String>> readFrom(Path jar) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            return ServiceIndex.read(loader).orElseThrow();
        }
    }

    @Test
    void names_micronauts_entries_and_the_standard_service_files_sorted_without_comments() throws IOException {
        Path jar = jar(new java.util.LinkedHashMap<>(Map.of(
                "META-INF/micronaut/", "",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/", "",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/b.$B$Definition", "",
                "META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/a.$A$Definition", "",
                "META-INF/micronaut/io.micronaut.core.beans.BeanIntrospectionReference/c.$C$Introspection", "",
                "META-INF/services/java.sql.Driver", "# the driver\norg.postgresql.Driver  # trailing\n\n",
                "META-INF/services/io.micronaut.inject.BeanDefinitionReference", "z.$Z$Definition\n",
                "a/A.class", "")));

        assertEquals(5, ServiceIndex.write(jar), "entries indexed");

        assertEquals(Map.of(
                "io.micronaut.inject.BeanDefinitionReference", List.of("a.$A$Definition", "b.$B$Definition", "z.$Z$Definition"),
                "io.micronaut.core.beans.BeanIntrospectionReference", List.of("c.$C$Introspection"),
                "java.sql.Driver", List.of("org.postgresql.Driver")), readFrom(jar));
    }

    @Test
    void writing_again_replaces_the_index_instead_of_adding_to_it() throws IOException {
        Path jar = jar(Map.of("META-INF/micronaut/svc/x.X", ""));
        ServiceIndex.write(jar);
        ServiceIndex.write(jar);
        assertEquals(Map.of("svc", List.of("x.X")), readFrom(jar));
    }

    @Test
    void a_jar_without_service_entries_gets_an_empty_index_and_a_class_path_without_one_reads_as_none() throws IOException {
        Path jar = jar(Map.of("a/A.class", ""));
        assertEquals(0, ServiceIndex.write(jar));
        assertEquals(Map.of(), readFrom(jar));
        try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
            assertTrue(ServiceIndex.read(none).isEmpty());
        }
    }
}
