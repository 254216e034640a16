package ai.factory.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each environment gives the gateway: the rendered configuration, pinned images, known variables. */
class EnvironmentsTest {

    static final Pattern IMAGE = Pattern.compile("(?m)^\\s*image\\s*=\\s*(\\S+)\\s*$");
    static final Pattern ENV_NAME = Pattern.compile("^[A-Z][A-Z0-9_]*$");
    static final Pattern EXPANSION = Pattern.compile("\\$\\(([A-Z][A-Z0-9_]*)\\)");
    static final Pattern COLD_START = Pattern.compile(
            "var\\.(\\w+) == \"cold-start\" \\? \\[?\\{ ?(?:name = \"JDK_JAVA_OPTIONS\", value|JDK_JAVA_OPTIONS) = \"-XX:TieredStopAtLevel=1\" ?\\}");

    @SuppressWarnings("unchecked")
    static Map<String, Object> merged(String environment, String type) {
        Map<String, Object> all = new HashMap<>();
        for (Path file : TerraformFiles.tfFiles(TerraformFiles.environment(environment))) {
            all.putAll(TerraformFiles.block(TerraformFiles.parse(file), type));
        }
        return all;
    }

    static String allText(String environment) {
        StringBuilder text = new StringBuilder();
        TerraformFiles.tfFiles(TerraformFiles.environment(environment)).forEach(f -> text.append(TerraformFiles.text(f)));
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ai-factory", "gcp-cloud-run"})
    @SuppressWarnings("unchecked")
    void feeds_the_gateway_the_rendered_configuration(String environment) {
        Map<String, Object> module = (Map<String, Object>) merged(environment, "module").get("gateway_config");
        assertEquals("../../modules/gateway-config", module.get("source"));
        for (String input : List.of("pools", "models", "tiers", "prices", "tenant_routing")) {
            assertTrue(module.containsKey(input), environment + " does not pass " + input + " to the module");
        }
        String text = allText(environment);
        assertTrue(text.contains("module.gateway_config.yaml"), environment + " never uses the rendered YAML");
        Map<String, Object> env = (Map<String, Object>) merged(environment, "locals").get("gateway_env");
        assertEquals("/etc/gateway/gateway.yml", env.get("MICRONAUT_CONFIG_FILES"));
        assertTrue(text.contains("mount_path = \"/etc/gateway\"") || text.contains("mountPath = \"/etc/gateway\""),
                environment + " does not mount the rendered file where MICRONAUT_CONFIG_FILES points");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ai-factory", "gcp-cloud-run"})
    @SuppressWarnings("unchecked")
    void pins_every_image_by_a_digest_checked_variable(String environment) {
        Map<String, Object> variables = merged(environment, "variable");
        List<String> images = new ArrayList<>();
        Matcher m = IMAGE.matcher(allText(environment));
        while (m.find()) {
            images.add(m.group(1));
        }
        assertFalse(images.isEmpty());
        for (String image : images) {
            assertTrue(image.startsWith("var."), environment + ": image " + image + " is not a variable");
            Map<String, Object> variable = (Map<String, Object>) variables.get(image.substring(4));
            assertTrue(variable != null && String.valueOf(variable.get("validation")).contains("digest"),
                    environment + ": " + image + " has no digest validation");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ai-factory", "gcp-cloud-run"})
    @SuppressWarnings("unchecked")
    void gives_the_gateway_only_variables_it_reads(String environment) {
        Map<String, Object> locals = merged(environment, "locals");
        Map<String, Object> env = (Map<String, Object>) locals.get("gateway_env");
        Map<String, Object> secretEnv = locals.get("gateway_secret_env") instanceof Map<?, ?> s
                ? (Map<String, Object>) s : Map.of();
        Set<String> given = new TreeSet<>(env.keySet());
        given.addAll(secretEnv.keySet());
        // A variable only there to be expanded into another by Kubernetes is not for the gateway.
        env.values().forEach(v -> {
            Matcher m = EXPANSION.matcher(String.valueOf(v));
            while (m.find()) {
                given.remove(m.group(1));
            }
        });
        given.add("GATEWAY_MIGRATE_ON_START");
        Set<String> read = GatewayReads.variables();
        Set<String> unknown = new TreeSet<>(given);
        unknown.removeAll(read);
        assertTrue(given.size() >= 5, "found only " + given);
        assertEquals(Set.of(), unknown, environment + " sets variables the gateway never reads");
    }

    /**
     * C1 only (the cold-start JIT) is an operator's choice, never the default: it starts about a
     * third of a second sooner on 2 cores and costs about three times the CPU per request once warm.
     */
    @ParameterizedTest
    @ValueSource(strings = {"ai-factory", "gcp-cloud-run"})
    @SuppressWarnings("unchecked")
    void gives_the_cold_start_jit_only_when_chosen(String environment) {
        String name = environment.equals("ai-factory") ? "gateway_jit" : "jit";
        Map<String, Object> variable = (Map<String, Object>) merged(environment, "variable").get(name);
        assertTrue(variable != null, environment + " has no " + name + " variable");
        assertEquals("throughput", variable.get("default"));
        String validation = String.valueOf(variable.get("validation"));
        assertTrue(validation.contains("throughput") && validation.contains("cold-start"), validation);
        Matcher given = COLD_START.matcher(allText(environment));
        assertTrue(given.find(), environment + " does not set JDK_JAVA_OPTIONS when var." + name + " is cold-start");
        assertEquals(name, given.group(1));
        assertFalse(given.find(), environment + " sets JDK_JAVA_OPTIONS twice");
        assertTrue(GatewayReads.variables().contains("JDK_JAVA_OPTIONS"), "the README's configuration table lacks it");
    }

    @org.junit.jupiter.api.Test
    void knows_what_the_gateway_reads_and_what_it_does_not() {
        Set<String> read = GatewayReads.variables();
        assertTrue(read.containsAll(Set.of("DATASOURCES_DEFAULT_URL", "REDIS_URI", "GATEWAY_ADMIN_TOKEN",
                "MICRONAUT_CONFIG_FILES", "GATEWAY_MIGRATE_ON_START")), read.toString());
        assertFalse(read.contains("REDIS_PASSWORD"));
    }

    /** The variables the gateway reads: the README's configuration table, application.yml's placeholders, getenv calls. */
    static final class GatewayReads {
        static Set<String> variables() {
            Set<String> names = new TreeSet<>();
            Matcher table = Pattern.compile("`([A-Z][A-Z0-9_]+)(=[^`]*)?`").matcher(configurationTable());
            while (table.find()) {
                names.add(table.group(1));
            }
            Path resources = TerraformFiles.REPO.resolve("gateway/src/main/resources");
            Matcher placeholder = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]+)[:}]")
                    .matcher(TerraformFiles.text(resources.resolve("application.yml")));
            while (placeholder.find()) {
                names.add(placeholder.group(1));
            }
            try (Stream<Path> sources = Files.walk(TerraformFiles.REPO.resolve("gateway/src/main/java"))) {
                Pattern getenv = Pattern.compile("\"([A-Z][A-Z0-9_]+)\"");
                sources.filter(p -> p.toString().endsWith(".java")).map(TerraformFiles::text)
                        .filter(t -> t.contains("getenv") || t.contains("Map<String, String> env"))
                        .forEach(t -> {
                            Matcher m = getenv.matcher(t);
                            while (m.find()) {
                                names.add(m.group(1));
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            names.removeIf(n -> !ENV_NAME.matcher(n).matches());
            return names;
        }

        static String configurationTable() {
            String readme = TerraformFiles.text(TerraformFiles.REPO.resolve("README.md"));
            int start = readme.indexOf("## Configuration");
            int end = readme.indexOf("\n## ", start + 3);
            return readme.substring(start, end < 0 ? readme.length() : end);
        }
    }
}
