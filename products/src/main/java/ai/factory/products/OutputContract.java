package ai.factory.products;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * What a product promises to return.
 *
 * @param kind       text, json or embedding
 * @param schema     the JSON Schema of the answer for {@link OutputKind#JSON}; absent otherwise.
 *                   A copy: callers may change it freely.
 * @param inputField for {@link OutputKind#EMBEDDING}, the input property whose text (or array of
 *                   texts) is embedded; absent otherwise
 */
public record OutputContract(OutputKind kind, Optional<JsonNode> schema, Optional<String> inputField) {

    @Override
    public Optional<JsonNode> schema() {
        // JsonNode is mutable; handing out the catalog's own tree would let one caller corrupt
        // every later request of every tenant.
        return schema.map(JsonNode::deepCopy);
    }
}
