package ai.factory.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/**
 * Many long streams open at once: {@code streams.count} users each open one streamed chat
 * completion of exactly {@code streams.tokens} tokens ({@code ignore_eos}), ramped over
 * {@code streams.ramp} seconds. With the emulator's realistic profile (25 ms per token) 800
 * tokens keep a stream open for 20 s or more, so all are open together for a while; the script
 * reads the gateway's heap then. Each stream must end with {@code data: [DONE]} and carry every token.
 */
public class LongStreamsSimulation extends Simulation {

    {
        int count = SimulationSettings.number("streams.count", 1000);
        int tokens = SimulationSettings.number("streams.tokens", 800);
        int ramp = SimulationSettings.number("streams.ramp", 15);
        String key = SimulationSettings.key("streamer");
        String body = "{\"model\":\"chat-default\",\"stream\":true,\"temperature\":0.7,\"ignore_eos\":true,\"max_tokens\":"
                + tokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"Write a very long story.\"}]}";
        setUp(scenario("long streams")
                .exec(http("long stream").post("/v1/chat/completions")
                        .header("authorization", "Bearer " + key)
                        .body(StringBody(body))
                        .check(status().is(200),
                                bodyString().transform(Calls::wellFormedStream).is(true),
                                bodyString().transform(LongStreamsSimulation::contentChunks).is(tokens)))
                .injectOpen(rampUsers(count).during(ramp)))
                .protocols(SimulationSettings.protocol())
                .assertions(global().failedRequests().count().is(0L))
                .maxDuration(ramp + 300);
    }

    /** Chunks that carry a token: every chunk but the first (the role) has non-empty content. */
    static int contentChunks(String body) {
        int count = 0;
        for (int at = body.indexOf("\"content\":\""); at >= 0; at = body.indexOf("\"content\":\"", at + 1)) {
            if (body.charAt(at + 11) != '"') {
                count++;
            }
        }
        return count;
    }
}
