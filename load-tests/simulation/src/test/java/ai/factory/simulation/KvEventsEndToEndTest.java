package ai.factory.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.routing.balancing.PromptPrefix;
import ai.factory.routing.kvevents.KvBlockIndex;
import ai.factory.routing.kvevents.KvEventSubscriber;
import ai.factory.routing.kvevents.ServerBlockHashes;
import ai.factory.routing.kvevents.VllmBlockHashes;
import ai.factory.routing.kvevents.WordBlockHashes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emulator's events, through the gateway's subscriber and decoder, into the index, matched
 * against the hashes the gateway computes for the same prompt: the whole kv-prefix loop.
 */
class KvEventsEndToEndTest {

    private static final List<Workload.Message> MESSAGES = List.of(
            new Workload.Message("system", "alpha beta ".repeat(40)),
            new Workload.Message("user", "what is the status of my order"));

    @Test
    void the_index_holds_exactly_the_blocks_the_gateway_computes_for_a_prompt_the_server_cached() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().port(0).ttftMillis(0).interTokenMillis(0)
                .kvCacheBlocks(100).kvEventsEndpoint("tcp://127.0.0.1:*").build();
        assertCachedBlocksFound(config, WordBlockHashes.of("m\n" + Run.rendered(MESSAGES), 16));
    }

    @Test
    void with_vllm_sha256_cbor_hashes_the_gateway_computes_the_servers_hashes_from_its_tokenizer() throws Exception {
        EmulatorConfig config = EmulatorConfig.builder().port(0).ttftMillis(0).interTokenMillis(0)
                .kvCacheBlocks(100).kvEventsEndpoint("tcp://127.0.0.1:*").kvHashSeed("0").build();
        PromptPrefix.Text text = new PromptPrefix.Text();
        MESSAGES.forEach(m -> text.message(m.role(), m.content()));
        ServerBlockHashes gateway = ServerBlockHashes.forTokenizer("cl100k_base", new VllmBlockHashes(16, "0")).orElseThrow();
        assertCachedBlocksFound(config, gateway.apply(text.text()));
    }

    private static void assertCachedBlocksFound(EmulatorConfig config, long[] expected) throws Exception {
        KvBlockIndex index = new KvBlockIndex();
        List<Workload.Message> messages = MESSAGES;
        try (Emulator server = Emulator.start(config);
                KvEventSubscriber subscriber = new KvEventSubscriber(server.kvEventsEndpoint(), server.baseUrl(), index, "")) {
            String body = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"system\",\"content\":\""
                    + messages.get(0).content() + "\"},{\"role\":\"user\",\"content\":\"" + messages.get(1).content() + "\"}]}";
            HttpClient http = HttpClient.newHttpClient();
            // PUB drops what it sends before the subscription arrives, and the shared system prompt is
            // published once (later requests hit the server's cache). So first prove the subscription
            // is live with throw-away prompts, then send the prompt under test once.
            for (int i = 0; i < 200 && subscriber.batches() == 0; i++) {
                assertEquals(200, post(http, server.baseUrl(), body.replace("alpha beta", "warm-up " + i + " ")));
                Thread.sleep(50);
            }
            assertTrue(subscriber.batches() > 0, "the subscription never received an event");
            assertEquals(200, post(http, server.baseUrl(), body));
            for (int i = 0; i < 100 && index.matched(server.baseUrl(), expected) < 5; i++) {
                Thread.sleep(50);
            }
            assertTrue(expected.length >= 5, "the prompt spans " + expected.length + " blocks");
            assertTrue(index.matched(server.baseUrl(), expected) >= 5,
                    "the system prompt's blocks, hashed by the gateway, are found as the server published them");
            assertTrue(subscriber.batches() > 0);
            assertEquals(0, subscriber.malformed());
        }
    }

    private static int post(HttpClient http, String baseUrl, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
