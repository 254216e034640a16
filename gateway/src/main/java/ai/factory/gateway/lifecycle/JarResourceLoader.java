package ai.factory.gateway.lifecycle;

import io.micronaut.core.io.ResourceLoader;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
import io.micronaut.runtime.Micronaut;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * The environment's class-path resource loader (it reads {@code application.yml} and the other
 * property sources), made to tell a file in a jar from a folder by the jar's own entry. Micronaut's
 * loader asks a zip file system instead, and opening one reads the whole jar's central directory:
 * about 40 ms of the main thread's CPU at every start for a 28,000-entry jar. The JDK already holds
 * that directory for the class path, and a jar URL's connection reuses it.
 *
 * <p>Only a plain file inside a jar is answered here; anything else (a folder, a missing resource,
 * a path with {@code ..} or a leading {@code /}, a resource outside a jar) goes to Micronaut's
 * loader unchanged. JarResourceLoaderTest holds the two to the same answers.
 */
public final class JarResourceLoader implements ClassPathResourceLoader {

    private static final String PREFIX = "classpath:";
    private final ClassPathResourceLoader micronaut;

    JarResourceLoader(ClassPathResourceLoader micronaut) {
        this.micronaut = micronaut;
    }

    /** {@link Micronaut#build(String...)}, with this loader as its environment's. */
    public static Micronaut build(String... args) {
        return new WithJarResources().args(args);
    }

    @Override
    public Optional<InputStream> getResourceAsStream(String path) {
        String name = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : path;
        if (name.isEmpty() || name.startsWith("/") || name.contains("..")) {
            return micronaut.getResourceAsStream(path);
        }
        URL url = getClassLoader().getResource(name);
        if (url == null || !"jar".equals(url.getProtocol())) {
            return micronaut.getResourceAsStream(path);
        }
        try {
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                if (entry != null && !entry.isDirectory()) {
                    return Optional.of(jar.getInputStream());
                }
            }
            return micronaut.getResourceAsStream(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + url, e);
        }
    }

    @Override
    public Optional<URL> getResource(String path) {
        return micronaut.getResource(path);
    }

    @Override
    public Stream<URL> getResources(String name) {
        return micronaut.getResources(name);
    }

    @Override
    public boolean supportsPrefix(String prefix) {
        return micronaut.supportsPrefix(prefix);
    }

    @Override
    public ResourceLoader forBase(String basePath) {
        return micronaut.forBase(basePath);
    }

    @Override
    public ClassLoader getClassLoader() {
        return micronaut.getClassLoader();
    }

    /** Micronaut's builder, whose environment reads class-path resources through this loader. */
    private static final class WithJarResources extends Micronaut {

        private ClassPathResourceLoader loader;

        @Override
        public ClassPathResourceLoader getResourceLoader() {
            if (loader == null) {
                loader = new JarResourceLoader(super.getResourceLoader());
            }
            return loader;
        }
    }
}
