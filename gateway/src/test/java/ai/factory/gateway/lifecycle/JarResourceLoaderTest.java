package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.micronaut.core.io.scan.ClassPathResourceLoader;
import io.micronaut.core.io.scan.DefaultClassPathResourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarResourceLoaderTest {

    @TempDir
    Path dir;
    private Path jar;
    private URLClassLoader classes;

    @BeforeEach
    void jar() throws IOException {
        jar = dir.resolve("app.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (String name : List.of("application.yml", "config/", "config/pools.yml", "folder-without-entry/x.yml")) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(name.endsWith("/") ? new byte[0] : ("name: " + name).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        classes = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }

    @AfterEach
    void close() throws IOException {
        classes.close();
    }

    private static Optional<String> read(ClassPathResourceLoader loader, String path) {
        return loader.getResourceAsStream(path).map(in -> {
            try (InputStream stream = in) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void answers_every_path_as_micronauts_loader_does() {
        var ours = new JarResourceLoader(new DefaultClassPathResourceLoader(classes));
        var micronauts = new DefaultClassPathResourceLoader(classes);
        for (String path : List.of("application.yml", "classpath:application.yml", "/application.yml", "config/pools.yml",
                "config", "config/", "folder-without-entry", "folder-without-entry/x.yml", "missing.yml", "",
                "config/../application.yml", "classpath:missing.yml", "classpath:/application.yml", "classpath:config")) {
            assertEquals(read(micronauts, path), read(ours, path), path);
        }
        assertEquals(Optional.of("name: application.yml"), read(ours, "application.yml"));
        assertEquals(Optional.empty(), read(ours, "config"), "a folder has no content");
    }

    @Test
    void is_the_loader_of_the_builder_the_gateway_starts_with() {
        var builder = JarResourceLoader.build();
        assertInstanceOf(JarResourceLoader.class, builder.getResourceLoader());
        assertEquals(builder.getResourceLoader(), builder.getResourceLoader());
    }
}
