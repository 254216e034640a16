package ai.factory.gateway.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The configuration keys the gateway reads, as a tree ({@code gateway.pools.<name>.endpoints[i].url}),
 * and the check of a set of keys and values against it: an unknown key, or a value that is not
 * one of an enum's, is a problem naming the full key and what is allowed there. Plain Java: the
 * tree is grown from configuration types and key strings ({@link KeyWalk}), and written to and
 * read from lines ({@link #lines()}, {@link #of}), the form the jar carries it in.
 */
final class KeyTree {

    private final Map<String, KeyTree> children = new TreeMap<>();
    /** The name segment of {@code @EachProperty} entries and map keys: any name is allowed. */
    private KeyTree anyName;
    /** A list's elements, {@code [i]}. */
    private KeyTree element;
    /** An enum setting's values as written in configuration ({@code fail-open}), in declaration order. */
    private List<String> values;

    /** The node of {@code path}; {@code *} is any name and {@code [*]} any index (Micronaut's prefixes). */
    KeyTree path(String path) {
        KeyTree node = this;
        for (String segment : path.split("\\.")) {
            int lists = 0;
            while (segment.endsWith("[*]")) {
                segment = segment.substring(0, segment.length() - 3);
                lists++;
            }
            node = segment.equals("*") ? node.any() : node.child(kebab(segment));
            for (int i = 0; i < lists; i++) {
                node = node.element();
            }
        }
        return node;
    }

    /** Grows the keys a configuration type binds under this node: record components, setters, lists, maps, enums. */
    KeyTree type(Type type) {
        Class<?> raw = raw(type);
        Type[] args = type instanceof ParameterizedType p ? p.getActualTypeArguments() : new Type[0];
        if (raw == Optional.class && args.length == 1) {
            return type(args[0]);
        }
        if (raw.isEnum()) {
            values = Arrays.stream(raw.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        } else if (Collection.class.isAssignableFrom(raw) && args.length == 1) {
            element().type(args[0]);
        } else if (Map.class.isAssignableFrom(raw) && args.length == 2) {
            any().type(args[1]);
        } else if (raw.isRecord()) {
            for (RecordComponent c : raw.getRecordComponents()) {
                if (!c.isAnnotationPresent(io.micronaut.context.annotation.Parameter.class)) {
                    child(kebab(c.getName())).type(c.getGenericType());
                }
            }
        } else if (raw.getName().startsWith("ai.factory.") && raw.isInterface()) {
            // @ConfigurationProperties interfaces: each abstract getter is a key.
            for (Method m : raw.getMethods()) {
                if (m.getParameterCount() == 0 && !m.isDefault() && !Modifier.isStatic(m.getModifiers())) {
                    String n = m.getName();
                    String key = n.startsWith("get") && n.length() > 3 ? n.substring(3)
                            : n.startsWith("is") && n.length() > 2 ? n.substring(2) : n;
                    child(kebab(key)).type(m.getGenericReturnType());
                }
            }
        } else if (raw.getName().startsWith("ai.factory.")) {
            for (Method m : raw.getMethods()) {
                if (m.getName().startsWith("set") && m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers())) {
                    child(kebab(m.getName().substring(3))).type(m.getGenericParameterTypes()[0]);
                }
            }
        }
        return this;
    }

    /** The problems with one key (as a property source holds it) and its value; empty when all is known. */
    List<String> check(String key, Object value) {
        List<String> problems = new ArrayList<>();
        KeyTree node = this;
        StringBuilder seen = new StringBuilder();
        for (String segment : key.split("\\.")) {
            String name = segment;
            List<String> indexes = new ArrayList<>();
            int bracket = segment.indexOf('[');
            if (bracket > 0) {
                name = segment.substring(0, bracket);
                indexes.addAll(Arrays.asList(segment.substring(bracket + 1, segment.length() - 1).split("]\\[")));
            }
            String where = seen.isEmpty() ? name : seen + "." + name;
            KeyTree next = node.children.get(kebab(name));
            if (next == null) {
                next = node.anyName;
            }
            if (next == null) {
                problems.add(unknown(where, node));
                return problems;
            }
            node = next;
            seen.setLength(0);
            seen.append(where);
            for (String index : indexes) {
                if (node.element == null) {
                    problems.add(seen + ": not a list");
                    return problems;
                }
                node = node.element;
                seen.append('[').append(index).append(']');
            }
        }
        node.checkValue(seen.toString(), value, problems);
        return problems;
    }

    private void checkValue(String key, Object value, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> problems.addAll(check(key, String.valueOf(k), v)));
        } else if (value instanceof List<?> list && element != null) {
            for (int i = 0; i < list.size(); i++) {
                element.checkValue(key + "[" + i + "]", list.get(i), problems);
            }
        } else if (values != null && value != null && !value.toString().isBlank() && !allowed(value.toString())) {
            problems.add(key + ": '" + value + "' is not one of " + allowedValues());
        }
    }

    private List<String> check(String parentKey, String childKey, Object value) {
        KeyTree next = children.get(kebab(childKey));
        if (next == null) {
            next = anyName;
        }
        if (next == null) {
            return List.of(unknown(parentKey + "." + childKey, this));
        }
        List<String> problems = new ArrayList<>();
        next.checkValue(parentKey + "." + childKey, value, problems);
        return problems;
    }

    private boolean allowed(String value) {
        return values.contains(value.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    String allowedValues() {
        return String.join(", ", values);
    }

    /**
     * The tree as sorted lines, one per leaf: {@code gateway.pools.*.endpoints[*].url}, and an enum
     * setting with its values, {@code gateway.ratelimit.redis-failure = fail-open, fail-closed}.
     * {@link #of} reads them back into an equal tree.
     */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        write("", lines);
        return lines;
    }

    private void write(String path, List<String> lines) {
        if (children.isEmpty() && anyName == null && element == null) {
            lines.add(values == null ? path : path + " = " + String.join(", ", values));
            return;
        }
        if (values != null) {
            lines.add(path + " = " + String.join(", ", values));
        }
        children.forEach((name, child) -> child.write(path.isEmpty() ? name : path + "." + name, lines));
        if (anyName != null) {
            anyName.write(path.isEmpty() ? "*" : path + ".*", lines);
        }
        if (element != null) {
            element.write(path + "[*]", lines);
        }
    }

    /** The tree {@link #lines()} wrote; blank lines and {@code #} comments are skipped. */
    static KeyTree of(Iterable<String> lines) {
        KeyTree tree = new KeyTree();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int equals = text.indexOf(" = ");
            KeyTree node = tree.path(equals < 0 ? text : text.substring(0, equals));
            if (equals >= 0) {
                node.values = List.of(text.substring(equals + 3).split(", "));
            }
        }
        return tree;
    }

    private static String unknown(String key, KeyTree parent) {
        String known = parent.anyName != null ? "a name" : String.join(", ", parent.children.keySet());
        return key + ": unknown key (known here: " + (known.isEmpty() ? "none" : known) + ")";
    }

    private KeyTree child(String name) {
        return children.computeIfAbsent(name, n -> new KeyTree());
    }

    private KeyTree any() {
        if (anyName == null) {
            anyName = new KeyTree();
        }
        return anyName;
    }

    private KeyTree element() {
        if (element == null) {
            element = new KeyTree();
        }
        return element;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    /** {@code apiKey} and {@code api-key} are one key to Micronaut. */
    static String kebab(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
