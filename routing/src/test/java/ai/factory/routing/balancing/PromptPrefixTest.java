package ai.factory.routing.balancing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PromptPrefixTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SYSTEM = "You answer questions about the ACME warranty policy. ".repeat(10);

    private static long[] chat(String... userTurns) throws Exception {
        StringBuilder messages = new StringBuilder("[{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"}");
        for (String turn : userTurns) {
            messages.append(",{\"role\":\"user\",\"content\":\"").append(turn).append("\"}");
        }
        return PromptPrefix.blocks(JSON.readTree("{\"model\":\"m\",\"messages\":" + messages + "]}"));
    }

    @Test
    void requests_of_one_product_share_the_blocks_of_its_system_prompt() throws Exception {
        long[] a = chat("Is my toaster covered?");
        long[] b = chat("How long is the warranty on phones?");
        int shared = SYSTEM.length() / PrefixBlocks.DEFAULT_BLOCK_BYTES;
        for (int i = 0; i < shared; i++) {
            assertEquals(a[i], b[i]);
        }
    }

    @Test
    void a_later_turn_extends_the_earlier_turns_blocks() throws Exception {
        long[] first = chat("Is my toaster covered? ".repeat(4));
        long[] second = chat("Is my toaster covered? ".repeat(4), "And my kettle? ".repeat(6));
        assertTrue(second.length > first.length);
        for (int i = 0; i < first.length - 1; i++) {
            assertEquals(first[i], second[i]);
        }
    }

    @Test
    void a_different_system_prompt_shares_nothing() throws Exception {
        long[] a = chat("hi");
        long[] b = PromptPrefix.blocks(JSON.readTree("{\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM.replace('A', 'B')
                + "\"},{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertNotEquals(a[0], b[0]);
        assertEquals(0, PromptPrefix.blocks(JSON.readTree("{\"input\":\"embed me\"}")).length);
    }
}
