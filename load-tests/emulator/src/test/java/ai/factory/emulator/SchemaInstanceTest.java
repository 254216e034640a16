package ai.factory.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SchemaInstanceTest {

    private static JsonNode instance(String schema) {
        return SchemaInstance.of(TestClient.parse(schema), 1234L);
    }

    @Test
    void follows_local_refs_to_defs() {
        JsonNode value = instance("{\"$defs\":{\"Item\":{\"type\":\"object\",\"properties\":"
                + "{\"sku\":{\"type\":\"string\"}},\"required\":[\"sku\"]}},"
                + "\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Item\"}}},"
                + "\"required\":[\"items\"]}");

        assertTrue(value.get("items").get(0).get("sku").isTextual());
    }

    @Test
    void takes_the_first_non_null_option_of_any_of() {
        JsonNode value = instance("{\"type\":\"object\",\"properties\":{\"n\":{\"anyOf\":"
                + "[{\"type\":\"null\"},{\"type\":\"integer\",\"minimum\":5}]}},\"required\":[\"n\"]}");

        assertEquals(5, value.get("n").asInt());
    }

    @Test
    void honours_const_enum_and_nullable_type_lists() {
        JsonNode value = instance("{\"type\":\"object\",\"properties\":{"
                + "\"k\":{\"const\":\"fixed\"},\"e\":{\"enum\":[3,4]},\"t\":{\"type\":[\"null\",\"boolean\"]}},"
                + "\"required\":[\"k\",\"e\",\"t\"]}");

        assertEquals("fixed", value.get("k").asText());
        assertEquals(3, value.get("e").asInt());
        assertTrue(value.get("t").isBoolean());
    }

    @Test
    void respects_numeric_bounds_and_string_formats() {
        JsonNode value = instance("{\"type\":\"object\",\"properties\":{"
                + "\"neg\":{\"type\":\"integer\",\"maximum\":-3},\"excl\":{\"type\":\"integer\",\"exclusiveMinimum\":10},"
                + "\"d\":{\"type\":\"string\",\"format\":\"date\"},\"short\":{\"type\":\"string\",\"maxLength\":2}},"
                + "\"required\":[\"neg\",\"excl\",\"d\",\"short\"]}");

        assertEquals(-3, value.get("neg").asInt());
        assertEquals(11, value.get("excl").asInt());
        assertTrue(value.get("d").asText().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertTrue(value.get("short").asText().length() <= 2);
    }

    @Test
    void merges_all_of_object_parts() {
        JsonNode value = instance("{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},"
                + "\"required\":[\"a\"]},{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"string\"}},"
                + "\"required\":[\"b\"]}]}");

        assertTrue(value.get("a").isIntegralNumber());
        assertTrue(value.get("b").isTextual());
    }

    @Test
    void stops_at_a_recursive_ref() {
        JsonNode value = instance("{\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":"
                + "{\"next\":{\"$ref\":\"#/$defs/Node\"}},\"required\":[\"next\"]}},\"$ref\":\"#/$defs/Node\"}");

        assertTrue(value.isObject());
    }
}
