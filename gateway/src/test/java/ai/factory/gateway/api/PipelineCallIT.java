package ai.factory.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.support.Await;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayFixture;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A call the gateway builds itself (a chat message, an MCP tool) enters the chain with a
 * {@link PipelineCall}: it gets a typed {@link Reply}, and its usage event carries the channel and
 * end user the call named, whether it was served or refused.
 */
class PipelineCallIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Caller caller;

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .redisDatabase(7)
            .properties(UsageFixtures.quickFlush())
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .build();

    /** A caller as the chat channels build one: the key's record id, not its plaintext. */
    @BeforeAll
    static void caller() {
        KeyService keys = gw.app().context().getBean(KeyService.class);
        keys.createTenant("channels", "channels");
        caller = new Caller("channels", keys.issueKey("channels", "test", List.of(), null).record().id(), Set.of(), null);
    }

    private static Reply call(String requestId, String model) throws Exception {
        ParsedRequest request = ParsedRequest.parse(Operation.CHAT,
                Bodies.chat(model).maxTokens(5).user("hello from slack").json().getBytes(), JSON);
        return gw.app().context().getBean(ProxyPipeline.class)
                .call(null, PipelineCall.of(requestId, caller, request).via("slack", "u-5f2a"))
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void a_served_call_gets_the_whole_answer_typed_and_its_usage_names_the_channel_and_end_user() throws Exception {
        String id = RequestIds.generate();
        Reply reply = call(id, "chat-default");
        assertEquals(200, reply.status());
        assertTrue(reply.ok());
        assertTrue(JSON.readTree(reply.body()).at("/choices/0/message/content").isTextual(),
                "the reply's bytes are the backend's answer");
        assertEquals("ok slack u-5f2a", awaitRow(id));
    }

    @Test
    void a_refused_call_gets_the_error_reply_and_its_usage_still_names_the_channel() throws Exception {
        String id = RequestIds.generate();
        Reply reply = call(id, "no-such-model");
        assertEquals(404, reply.status());
        assertNull(reply.body());
        assertEquals("error slack u-5f2a", awaitRow(id));
    }

    /** The ledger row's status, channel and end user, once the flusher landed it. */
    private static String awaitRow(String requestId) {
        return Await.until(Duration.ofSeconds(20), () -> row(requestId), Objects::nonNull, "a ledger row for " + requestId);
    }

    private static String row(String requestId) {
        try (Connection c = DriverManager.getConnection(gw.jdbcUrl(), "postgres", "");
             PreparedStatement s = c.prepareStatement(
                     "select status, channel, end_user from usage_events where request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) + " " + r.getString(2) + " " + r.getString(3) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
