package ai.factory.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every variable is typed, described, and sensitive when it carries a secret. */
class VariablesTest {

    /** Names that carry a secret's value; *_secret / *_secrets / *_env name a secret, they do not hold one. */
    static final Pattern SECRET_VALUE = Pattern.compile("(password|token|api_key|private_key|credential)s?$");

    static Map<String, Map<String, Object>> variables(Path dir) {
        Map<String, Map<String, Object>> all = new TreeMap<>();
        for (Path file : TerraformFiles.tfFiles(dir)) {
            TerraformFiles.block(TerraformFiles.parse(file), "variable").forEach((name, body) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> attrs = body instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                all.put(file.getParent().getFileName() + "/" + name, attrs);
            });
        }
        return all;
    }

    @Test
    void every_variable_has_a_type_and_a_description() {
        List<String> missing = new ArrayList<>();
        int seen = 0;
        for (Path dir : TerraformFiles.configurations()) {
            for (var entry : variables(dir).entrySet()) {
                seen++;
                Map<String, Object> attrs = entry.getValue();
                if (attrs.get("type") == null) {
                    missing.add(entry.getKey() + ": no type");
                }
                Object description = attrs.get("description");
                if (!(description instanceof String s) || s.isBlank()) {
                    missing.add(entry.getKey() + ": no description");
                }
            }
        }
        assertTrue(seen > 40, "parsed only " + seen + " variables");
        assertEquals(List.of(), missing);
    }

    @Test
    void variables_holding_a_secret_are_sensitive() {
        List<String> exposed = new ArrayList<>();
        for (Path dir : TerraformFiles.configurations()) {
            variables(dir).forEach((name, attrs) -> {
                String bare = name.substring(name.indexOf('/') + 1);
                if (SECRET_VALUE.matcher(bare).find() && !Boolean.TRUE.equals(attrs.get("sensitive"))) {
                    exposed.add(name);
                }
            });
        }
        assertEquals(List.of(), exposed);
    }

    @Test
    void the_secret_rule_tells_a_secret_from_the_name_of_one() {
        assertTrue(SECRET_VALUE.matcher("database_password").find());
        assertTrue(SECRET_VALUE.matcher("admin_token").find());
        assertFalse(SECRET_VALUE.matcher("admin_token_secret").find());
        assertFalse(SECRET_VALUE.matcher("pool_key_secrets").find());
    }
}
