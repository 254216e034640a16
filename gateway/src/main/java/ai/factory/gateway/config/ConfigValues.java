package ai.factory.gateway.config;

import io.micronaut.context.exceptions.ConfigurationException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reading values out of the free-form maps of pool configuration (endpoint entries, nested
 * blocks such as {@code circuit-breaker}), with errors that name the offending key. Keys are
 * looked up in kebab-case and camelCase, as property sources differ.
 */
final class ConfigValues {

    private ConfigValues() {
    }

    static Object raw(Map<String, Object> map, String key) {
        if (map == null) {
            return null;
        }
        Object value = map.get(key);
        return value != null ? value : map.get(camel(key));
    }

    static String string(Map<String, Object> map, String key, String where) {
        Object value = raw(map, key);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigurationException(where + ": '" + key + "' is required in " + map);
        }
        return value.toString();
    }

    static int integer(Map<String, Object> map, String key, int fallback, String where) {
        Object value = raw(map, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(where + ": '" + key + "' must be a whole number, got '" + value + "'");
        }
    }

    static float decimal(Map<String, Object> map, String key, float fallback, String where) {
        Object value = raw(map, key);
        if (value == null) {
            return fallback;
        }
        try {
            return Float.parseFloat(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(where + ": '" + key + "' must be a number, got '" + value + "'");
        }
    }

    /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT10S}). */
    static Duration duration(Map<String, Object> map, String key, Duration fallback, String where) {
        Object value = raw(map, key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Duration d) {
            return d;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt") || text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException(text);
            };
        } catch (RuntimeException e) {
            throw new ConfigurationException(where + ": '" + key + "' must be a duration such as 200ms or 10s, got '"
                    + value + "'");
        }
    }

    private static String camel(String kebab) {
        StringBuilder out = new StringBuilder(kebab.length());
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
