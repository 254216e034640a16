package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Typed, path-aware access to one YAML mapping of a manifest. Every failure becomes a
 * {@link ManifestException} naming the file and the dotted field, and {@link #rejectUnknown()}
 * turns a misspelt key ({@code streamng: true}) into an error instead of a silently ignored line.
 */
final class ManifestSection {

    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    private ManifestSection(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    static ManifestSection root(String file, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ManifestException(file, null, "must be a YAML mapping of manifest fields");
        }
        return new ManifestSection(file, "", node);
    }

    String file() {
        return file;
    }

    String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ManifestException fail(String key, String problem) {
        return new ManifestException(file, pathOf(key), problem);
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The raw value, or {@code null} when absent; marks the key as known. */
    JsonNode raw(String key) {
        read.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    JsonNode required(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            throw fail(key, "is required");
        }
        return value;
    }

    String text(String key) {
        JsonNode value = required(key);
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw fail(key, "must be a non-empty string");
        }
        return value.textValue();
    }

    Optional<String> optionalText(String key) {
        return raw(key) == null ? Optional.empty() : Optional.of(text(key));
    }

    double number(String key) {
        JsonNode value = required(key);
        if (!value.isNumber()) {
            throw fail(key, "must be a number");
        }
        return value.doubleValue();
    }

    OptionalDouble optionalNumber(String key) {
        return raw(key) == null ? OptionalDouble.empty() : OptionalDouble.of(number(key));
    }

    long wholeNumber(String key, long min) {
        JsonNode value = required(key);
        if (!value.isIntegralNumber() || value.longValue() < min) {
            throw fail(key, "must be a whole number of at least " + min);
        }
        return value.longValue();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw fail(key, "must be true or false");
        }
        return value.booleanValue();
    }

    ManifestSection object(String key) {
        JsonNode value = required(key);
        if (!value.isObject()) {
            throw fail(key, "must be a mapping");
        }
        return new ManifestSection(file, pathOf(key), value);
    }

    List<String> texts(String key) {
        JsonNode value = required(key);
        if (!value.isArray() || value.isEmpty()) {
            throw fail(key, "must be a non-empty list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                throw fail(key, "must be a non-empty list of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A list of mappings; each element's fields are named {@code key[i].field}. */
    List<ManifestSection> objects(String key) {
        JsonNode value = required(key);
        if (!value.isArray() || value.isEmpty()) {
            throw fail(key, "must be a non-empty list");
        }
        List<ManifestSection> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw fail(key + "[" + i + "]", "must be a mapping");
            }
            out.add(new ManifestSection(file, pathOf(key + "[" + i + "]"), value.get(i)));
        }
        return out;
    }

    /** The keys of this mapping, in file order (e.g. the parameter names). */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Fails on the first key that no reader asked for. Call after reading a mapping. */
    void rejectUnknown() {
        for (String key : keys()) {
            if (!read.contains(key)) {
                throw fail(key, "is not a known field here (known: " + String.join(", ", read) + ")");
            }
        }
    }
}
