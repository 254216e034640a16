package ai.factory.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.gateway.support.CapturedLogs;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.TestServers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Secrets stay secret: nothing frames the ops page, no error echoes a key, no log shows a token. */
class OperatorSecretsIT {

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder().build();

    @Test
    void the_ops_page_may_not_be_framed(GatewayApp app) {
        for (String path : List.of("/ops", "/ops/index.html")) {
            HttpResponse<String> page = app.get(path, null);
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"),
                    page.headers().map().toString());
            assertEquals("DENY", page.headers().firstValue("x-frame-options").orElse(""));
        }
    }

    @Test
    void a_wrong_key_is_never_echoed_in_part(GatewayApp app) {
        for (String wrong : List.of("sk-gw-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn", "sk-gw-v1-Zq8PLmN3xR", "my-secret-password-1")) {
            HttpResponse<String> response = app.get("/v1/models", wrong);
            assertEquals(401, response.statusCode());
            for (int start = 0; start + 6 <= wrong.length(); start++) {
                String part = wrong.substring(start, start + 6);
                assertFalse(response.body().contains(part), "'" + part + "' of the key echoed: " + response.body());
            }
        }
    }

    @Test
    void the_local_run_logs_where_the_admin_token_is_kept_but_never_the_token_or_demo_key() throws Exception {
        Path data = Files.createTempDirectory("gateway-local-data");
        // A context of its own: the fixture's gateway runs in the test environment, this one in "local".
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        // As the local run keeps it: in data/admin-token, read by LocalStack into the property.
        Files.writeString(data.resolve("admin-token"), "gw-admin-never-in-a-log-0123456789\n");
        props.put("gateway.admin.token", "gw-admin-never-in-a-log-0123456789");
        props.put("gateway.local.data-dir", data.toString());
        try (CapturedLogs logs = new CapturedLogs();
                EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props, "test", "local")) {
            String demoKey = Files.readString(data.resolve("demo-key")).trim();
            String text = logs.text();
            assertTrue(text.contains(data.resolve("admin-token").toString()), text);
            assertTrue(text.contains(data.resolve("demo-key").toString()), text);
            assertFalse(text.contains("gw-admin-never-in-a-log"), text);
            assertFalse(text.contains(demoKey.substring(6)), text);
        }
    }
}
