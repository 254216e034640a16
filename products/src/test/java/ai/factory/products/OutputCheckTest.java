package ai.factory.products;

import static ai.factory.products.TestProducts.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's answer checked against the product's contract, and the repair request built from the errors. */
class OutputCheckTest {

    private static final ProductCatalog CATALOG = ProductCatalog.load();
    private static final Product SENTIMENT = CATALOG.find("sentiment").orElseThrow();

    private static final String VALID = """
            {"sentiment": "positive", "score": 0.8, "confidence": 0.9, "aspects": [], "rationale": "Praise."}""";

    private static List<Violation> invalid(Product product, String answer) {
        OutputCheck.Result result = OutputCheck.check(product, answer);
        return assertInstanceOf(OutputCheck.Invalid.class, result, () -> "expected invalid: " + result).violations();
    }

    @Test
    void accepts_a_valid_json_answer_and_returns_it_parsed() {
        OutputCheck.Result result = OutputCheck.check(SENTIMENT, VALID);
        assertEquals(json(VALID), assertInstanceOf(OutputCheck.Valid.class, result).output());
    }

    @Test
    void lists_every_violation_of_an_invalid_json_answer() {
        String answer = """
                {"sentiment": "great", "score": 5, "confidence": 0.9, "aspects": [{"aspect": "food"}], "mood": "happy"}""";
        List<Violation> violations = invalid(SENTIMENT, answer);
        List<String> pointers = violations.stream().map(Violation::pointer).distinct().sorted().toList();
        assertEquals(List.of("/aspects/0/evidence", "/aspects/0/sentiment", "/mood", "/rationale", "/score", "/sentiment"), pointers);
    }

    @Test
    void reports_an_answer_that_is_not_json_with_its_position() {
        List<Violation> violations = invalid(SENTIMENT, "{\"sentiment\": \"positive\",\n \"score\": }");
        assertEquals(1, violations.size());
        assertEquals("", violations.get(0).pointer());
        assertTrue(violations.get(0).message().startsWith("is not valid JSON: "), violations.get(0).message());
        assertTrue(violations.get(0).message().contains("(line 2, column"), violations.get(0).message());
    }

    @Test
    void rejects_text_after_the_json_document() {
        List<Violation> violations = invalid(SENTIMENT, VALID + "\nHope this helps!");
        assertTrue(violations.get(0).message().startsWith("is not valid JSON"), violations.toString());
    }

    @Test
    void accepts_json_wrapped_in_one_code_fence() {
        OutputCheck.Result result = OutputCheck.check(SENTIMENT, "```json\n" + VALID + "\n```");
        assertEquals(json(VALID), assertInstanceOf(OutputCheck.Valid.class, result).output());
    }

    @Test
    void text_products_accept_any_non_empty_answer_and_refuse_an_empty_one() {
        Product summarize = CATALOG.find("summarize").orElseThrow();
        OutputCheck.Result result = OutputCheck.check(summarize, "A short summary.");
        assertEquals("A short summary.", assertInstanceOf(OutputCheck.Valid.class, result).output().textValue());
        assertEquals(List.of(new Violation("", "the answer is empty")), invalid(summarize, "  \n"));
        assertEquals(List.of(new Violation("", "the answer is empty")), invalid(SENTIMENT, null));
    }

    @Test
    void embedding_answers_give_vectors_in_input_order() {
        Product embed = CATALOG.find("embed").orElseThrow();
        String response = """
                {"object": "list", "data": [
                  {"object": "embedding", "index": 1, "embedding": [0.3, 0.4]},
                  {"object": "embedding", "index": 0, "embedding": [0.1, 0.2]}]}""";
        OutputCheck.Result result = OutputCheck.check(embed, response);
        assertEquals(json("[[0.1, 0.2], [0.3, 0.4]]"), assertInstanceOf(OutputCheck.Valid.class, result).output());
        assertEquals(List.of(new Violation("/data/0/embedding", "must be a non-empty array of numbers")),
                invalid(embed, "{\"data\": [{\"index\": 0, \"embedding\": [\"x\"]}]}"));
        assertEquals("/data", invalid(embed, "{\"data\": []}").get(0).pointer());
    }

    @Test
    void repair_request_appends_the_bad_answer_and_a_turn_listing_the_errors() {
        ObjectNode original = assertInstanceOf(PreparedCall.Ready.class,
                ProductRequest.prepare(SENTIMENT, json("{\"text\": \"Great!\"}"), null)).body();
        String before = original.toString();
        String bad = "{\"sentiment\": \"great\"}";
        List<Violation> violations = invalid(SENTIMENT, bad);

        ObjectNode repair = OutputCheck.repairRequest(original, bad, violations);

        assertEquals(before, original.toString(), "the original request is not modified");
        JsonNode messages = repair.get("messages");
        assertEquals(4, messages.size());
        assertEquals(original.get("messages").get(0), messages.get(0));
        assertEquals(original.get("messages").get(1), messages.get(1));
        assertEquals("assistant", messages.get(2).get("role").asText());
        assertEquals(bad, messages.get(2).get("content").asText());
        assertEquals("user", messages.get(3).get("role").asText());
        String ask = messages.get(3).get("content").asText();
        for (Violation v : violations) {
            assertTrue(ask.contains("- " + v + "\n"), () -> "missing '" + v + "' in:\n" + ask);
        }
        assertTrue(ask.endsWith("Reply again with only the corrected JSON document: no explanations, no code fences."), ask);
        ObjectNode rest = repair.deepCopy();
        rest.remove("messages");
        ObjectNode originalRest = original.deepCopy();
        originalRest.remove("messages");
        assertEquals(originalRest, rest, "model, parameters and response_format are kept");
    }

    @Test
    void repair_request_needs_a_chat_request() {
        ObjectNode embeddings = (ObjectNode) json("{\"model\": \"embed-default\", \"input\": [\"x\"]}");
        assertThrows(IllegalArgumentException.class, () -> OutputCheck.repairRequest(embeddings, "x", List.of()));
    }
}
