package ai.factory.gateway.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Every service entry of a fat jar, written into the jar when it is built so the start reads one
 * small resource instead of listing folders inside the jar: Micronaut's
 * ({@code META-INF/micronaut/<service>/<class>}: bean definitions, introspections, configurations)
 * and the standard ones ({@code META-INF/services/<service>}, one class per line). It names them
 * all, so a service it does not name has no entry in the jar.
 *
 * <p>Listing a folder inside a jar takes a zip file system, and opening one reads the whole jar's
 * central directory (28,000 entries in the production jar): about 40 ms of the main thread's CPU at
 * every start, before the JIT has compiled the reading loop. The index only names the entries:
 * which beans are enabled is still decided when the gateway starts ({@link IndexedServices}).
 *
 * <p>Format: one {@code service class} pair per line, sorted.
 */
public final class ServiceIndex {

    static final String RESOURCE = "META-INF/gateway/micronaut-services.txt";
    private static final String MICRONAUT = "/META-INF/micronaut";
    private static final String SERVICES = "/META-INF/services";

    private ServiceIndex() {
    }

    /** Writes the index of each jar into that jar. Run by the build after the jars are shaded. */
    public static void main(String[] jars) throws IOException {
        for (String jar : jars) {
            int entries = write(Path.of(jar));
            System.out.println("micronaut service index: " + entries + " entries in " + jar);
        }
    }

    static int write(Path jar) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(jar, Map.of())) {
            Map<String, List<String>> services = scan(zip.getPath(MICRONAUT), zip.getPath(SERVICES));
            StringBuilder text = new StringBuilder();
            services.forEach((service, classes) -> classes.forEach(c -> text.append(service).append(' ').append(c).append('\n')));
            Path index = zip.getPath("/" + RESOURCE);
            Files.createDirectories(index.getParent());
            Files.writeString(index, text, StandardCharsets.UTF_8);
            return services.values().stream().mapToInt(List::size).sum();
        }
    }

    /**
     * Service name to the classes listed for it, both sorted: the folders of a
     * {@code META-INF/micronaut} folder and the files of a {@code META-INF/services} folder.
     */
    static Map<String, List<String>> scan(Path micronaut, Path services) throws IOException {
        Map<String, SortedSet<String>> found = new TreeMap<>();
        for (Path folder : children(micronaut, Files::isDirectory)) {
            for (Path entry : children(folder, Files::isRegularFile)) {
                found.computeIfAbsent(name(folder), s -> new TreeSet<>()).add(name(entry));
            }
        }
        for (Path file : children(services, Files::isRegularFile)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int comment = line.indexOf('#');
                String type = (comment < 0 ? line : line.substring(0, comment)).strip();
                if (!type.isEmpty()) {
                    found.computeIfAbsent(name(file), s -> new TreeSet<>()).add(type);
                }
            }
        }
        Map<String, List<String>> listed = new TreeMap<>();
        found.forEach((service, classes) -> listed.put(service, List.copyOf(classes)));
        return listed;
    }

    private static List<Path> children(Path folder, Predicate<Path> kind) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(kind).toList();
        }
    }

    /** The index on the class path, or empty when there is none (the classes folder of a test run). */
    static Optional<Map<String, List<String>>> read(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            Map<String, List<String>> services = new TreeMap<>();
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    services.computeIfAbsent(line.substring(0, space), s -> new ArrayList<>()).add(line.substring(space + 1));
                }
            }
            return Optional.of(services);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static String name(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }
}
