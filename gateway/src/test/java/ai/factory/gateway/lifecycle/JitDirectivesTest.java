package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The image's JIT directives ({@code gateway/src/image/jit-directives.json}): a JVM takes the
 * file (one it cannot parse stops the JVM before the gateway starts), and every pattern still
 * names classes that exist, so a renamed package or class cannot silently turn the lever off.
 */
class JitDirectivesTest {

    private static final Path FILE = Path.of("src/image/jit-directives.json");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    @Test
    void a_jvm_loads_the_file() throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:CompilerDirectivesFile=" + FILE.toAbsolutePath(), "-version")
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertTrue(java.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, java.exitValue(), output);
        assertTrue(output.contains("1 compiler directives added"), output);
    }

    @Test
    void every_pattern_names_classes_that_exist() throws Exception {
        List<String> patterns = patterns();
        assertTrue(patterns.size() > 10, "read the match list: " + patterns);
        Set<String> classpathPackages = classpathPackages();
        List<String> missing = new ArrayList<>();
        for (String pattern : patterns) {
            String type = pattern.substring(0, pattern.lastIndexOf('.'));
            String method = pattern.substring(pattern.lastIndexOf('.') + 1);
            boolean jdk = type.startsWith("java/") || type.startsWith("jdk/") || type.startsWith("sun/");
            if (jdk && Runtime.version().feature() < 25) {
                continue; // the image runs JDK 25, whose packages (java/lang/classfile) an older test JVM lacks
            }
            if (type.endsWith("/*")) {
                String pkg = type.substring(0, type.length() - 2).replace('/', '.');
                boolean inJdk = ModuleLayer.boot().modules().stream().anyMatch(m -> m.getPackages().contains(pkg));
                if (!inJdk && !classpathPackages.contains(pkg)) {
                    missing.add(pattern + " (no package " + pkg + ")");
                }
            } else if (!names(type.replace('/', '.'), method)) {
                missing.add(pattern);
            }
        }
        assertTrue(missing.isEmpty(), "patterns that match nothing: " + missing);
        assertFalse(names("no.such.Type", "*"), "the check itself can fail");
    }

    private static boolean names(String className, String method) {
        try {
            Class<?> type = Class.forName(className, false, JitDirectivesTest.class.getClassLoader());
            return method.equals("*") || Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<String> patterns() throws IOException {
        String text = Files.readString(FILE);
        String list = text.substring(text.indexOf("match"), text.indexOf(']', text.indexOf("match")));
        List<String> patterns = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(list);
        while (quoted.find()) {
            patterns.add(quoted.group(1));
        }
        return patterns;
    }

    /** Packages of the test class path's jars and folders (the production jar's dependencies and more). */
    private static Set<String> classpathPackages() throws IOException {
        Set<String> packages = new HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(f -> f.toString().endsWith(".class"))
                            .forEach(f -> packages.add(path.relativize(f.getParent()).toString().replace(File.separatorChar, '.')));
                }
            } else if (entry.endsWith(".jar") && Files.exists(path)) {
                try (ZipFile jar = new ZipFile(path.toFile())) {
                    jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class") && n.indexOf('/') > 0)
                            .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
                }
            }
        }
        return packages;
    }
}
