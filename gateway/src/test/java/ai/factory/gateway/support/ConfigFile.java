package ai.factory.gateway.support;

import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** A YAML configuration file on the test class path, read as the flat properties Micronaut would bind. */
final class ConfigFile {

    private ConfigFile() {
    }

    static Map<String, Object> read(String resource) {
        try (InputStream yaml = ConfigFile.class.getResourceAsStream(resource)) {
            if (yaml == null) {
                throw new IllegalArgumentException("no configuration file '" + resource + "' on the test class path");
            }
            return new YamlPropertySourceLoader().read(resource, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
