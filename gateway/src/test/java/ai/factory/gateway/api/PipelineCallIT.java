package ai.factory.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.accounting.UsageFixtures;
import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.auth.Caller;
import ai.factory.gateway.http.RequestIds;
import ai.factory.gateway.support.GatewayApp;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call the gateway builds itself (a chat message, an MCP tool) enters the chain with a
 * {@link PipelineCall}: it gets a typed {@link Reply}, and its usage event carries the channel and
 * end user the call named, whether it was served or refused.
 */
class PipelineCallIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Emulator emulator;
    private static GatewayApp app;
    private static Caller caller;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = UsageFixtures.appProperties(7);
        GatewayApp.pool(props, "gpu", 16, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        app = GatewayApp.start(props);
        KeyService keys = app.context().getBean(KeyService.class);
        keys.createTenant("channels", "channels");
        caller = new Caller("channels", keys.issueKey("channels", "test", List.of(), null).record().id(), Set.of(), null);
    }

    @AfterAll
    static void stop() {
        app.close();
        emulator.close();
    }

    private static Reply call(String requestId, String model) throws Exception {
        ParsedRequest request = ParsedRequest.parse(Operation.CHAT, ("{\"model\":\"" + model + "\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello from slack\"}]}").getBytes(), JSON);
        return app.context().getBean(ProxyPipeline.class)
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
    private static String awaitRow(String requestId) throws Exception {
        String url = app.context().getRequiredProperty("datasources.default.url", String.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                 PreparedStatement s = c.prepareStatement(
                         "select status, channel, end_user from usage_events where request_id = ?")) {
                s.setString(1, requestId);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        return r.getString(1) + " " + r.getString(2) + " " + r.getString(3);
                    }
                }
            }
            Thread.sleep(200);
        }
        return "no row for " + requestId;
    }
}
