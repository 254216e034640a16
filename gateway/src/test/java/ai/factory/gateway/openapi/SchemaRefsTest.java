package ai.factory.gateway.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

/** A manifest schema with its own local $refs still means the same thing once placed in the document. */
class SchemaRefsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void local_refs_are_rerooted_under_the_schemas_component_and_still_validate() throws Exception {
        JsonNode manifest = JSON.readTree("""
                {"type":"object","required":["party"],"properties":{"party":{"$ref":"#/$defs/party"},
                 "items":{"type":"array","items":{"$ref":"#/$defs/party"}}},
                 "$defs":{"party":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}
                """);
        JsonNode rehomed = SchemaRefs.rehome(manifest, "product.x.input");
        assertEquals("#/components/schemas/product.x.input/$defs/party", rehomed.at("/properties/party/$ref").asText());
        assertEquals("#/components/schemas/product.x.input/$defs/party",
                rehomed.at("/properties/items/items/$ref").asText());
        assertEquals("#/$defs/party", manifest.at("/properties/party/$ref").asText(), "the catalog's own copy is untouched");

        ObjectNode document = J.obj("components", J.obj("schemas", J.obj("product.x.input", rehomed)),
                "$ref", "#/components/schemas/product.x.input");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(document);
        assertTrue(schema.validate(JSON.readTree("{\"party\":{\"name\":\"Acme\"}}")).isEmpty());
        assertFalse(schema.validate(JSON.readTree("{\"party\":{}}")).isEmpty(), "the referenced schema still applies");
    }

    @Test
    void remote_and_absent_refs_are_left_alone() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"string\",\"description\":\"#/not-a-ref\"}");
        assertEquals(schema, SchemaRefs.rehome(schema, "product.y.output"));
    }
}
