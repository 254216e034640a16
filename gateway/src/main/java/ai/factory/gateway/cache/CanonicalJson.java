package ai.factory.gateway.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A request body in a canonical byte form, read with a streaming parser (no tree): object fields
 * sorted by name at every level, strings decoded and length-prefixed (so {@code "\u0041"} and
 * {@code "A"} are the same and no two values can run together), floats as Java prints the double.
 * Two bodies that mean the same JSON give the same bytes, whatever their field order or spacing.
 */
final class CanonicalJson {

    private record Field(String name, byte[] value) {
    }

    private static final Comparator<Field> BY_NAME = Comparator.comparing(Field::name);

    private CanonicalJson() {
    }

    /** The body's canonical bytes, leaving out the top-level fields named in {@code skip}. */
    static byte[] of(JsonFactory factory, byte[] body, Set<String> skip) throws IOException {
        try (JsonParser p = factory.createParser(body)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length));
            p.nextToken();
            value(p, out, skip);
            return out.toByteArray();
        }
    }

    private static void value(JsonParser p, ByteArrayOutputStream out, Set<String> skip) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                List<Field> fields = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (skip.contains(name)) {
                        p.skipChildren();
                        continue;
                    }
                    ByteArrayOutputStream field = new ByteArrayOutputStream();
                    value(p, field, Set.of());
                    fields.add(new Field(name, field.toByteArray()));
                }
                fields.sort(BY_NAME);
                out.write('{');
                for (Field field : fields) {
                    string(field.name(), out);
                    out.writeBytes(field.value());
                }
                out.write('}');
            }
            case START_ARRAY -> {
                out.write('[');
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    value(p, out, Set.of());
                }
                out.write(']');
            }
            case VALUE_STRING -> {
                out.write('s');
                string(p.getText(), out);
            }
            case VALUE_NUMBER_INT -> {
                out.write('i');
                string(p.getText(), out);
            }
            case VALUE_NUMBER_FLOAT -> {
                out.write('d');
                string(Double.toString(p.getDoubleValue()), out);
            }
            case VALUE_TRUE -> out.write('t');
            case VALUE_FALSE -> out.write('f');
            default -> out.write('z');
        }
    }

    private static void string(String s, ByteArrayOutputStream out) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int n = bytes.length;
        out.write(n >>> 24);
        out.write(n >>> 16);
        out.write(n >>> 8);
        out.write(n);
        out.writeBytes(bytes);
    }
}
