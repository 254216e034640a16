package ai.factory.gateway.ratelimit;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.support.Pool;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends one request at a time, each as soon as the previous answer arrived, is
 * never refused by its own previous request's concurrency lease: that request's settlement (which
 * releases the lease) leaves just after its answer, and the next admission can reach Redis first.
 * Streamed or not.
 */
class SequentialClientLeaseIT {

    private static final int REQUESTS = 300;
    private static final int CONNECTIONS = 3;
    private static final String ANSWER = "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
    private static final String STREAM = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n"
            + "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}\n\n"
            + "data: [DONE]\n\n";

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .wiremock("wm")
            .alias("chat-default", "wm")
            .redisDatabase(63)
            .tenant("sequential")
            .tenant("sequential-streams")
            .build();

    @Test
    void back_to_back_requests_at_a_concurrency_limit_of_one_are_never_refused(
            GatewayApp app, @Key("sequential") String key, @Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.stream", absent()))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "application/json").withBody(ANSWER)));
        Admin.policy(app, "sequential", "{\"concurrency\":1}");

        assertEquals(List.of(), refusals(app, key, Bodies.chat("chat-default").maxTokens(5).user("hello").json()),
                "requests refused out of " + REQUESTS);
    }

    @Test
    void back_to_back_streams_at_a_concurrency_limit_of_one_are_never_refused(
            GatewayApp app, @Key("sequential-streams") String key, @Pool("wm") WireMockServer backend) {
        backend.stubFor(post("/v1/chat/completions").withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("content-type", "text/event-stream").withBody(STREAM)));
        Admin.policy(app, "sequential-streams", "{\"concurrency\":1}");

        assertEquals(List.of(), refusals(app, key, Bodies.chat("chat-default").stream().includeUsage().maxTokens(5)
                .user("hello").json()), "streams refused out of " + REQUESTS);
    }

    /** Sends REQUESTS requests one after the other; what was not a 200. */
    private static List<String> refusals(GatewayApp app, String key, String body) {
        // Each request on another connection, so on another event loop than the previous one's
        // settlement (a client with several connections, or none kept alive).
        HttpClient[] clients = new HttpClient[CONNECTIONS];
        for (int c = 0; c < CONNECTIONS; c++) {
            clients[c] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        }
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> answer = send(clients[i % CONNECTIONS], app, key, body);
            if (answer.statusCode() != 200) {
                refused.add("#" + i + " " + answer.statusCode() + " " + answer.body());
            }
        }
        return refused;
    }

    private static HttpResponse<String> send(HttpClient client, GatewayApp app, String key, String body) {
        HttpRequest request = HttpRequest.newBuilder(app.uri("/v1/chat/completions")).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json").header("authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the gateway failed", e);
        }
    }
}
