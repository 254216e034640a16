package ai.factory.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.Emulator;
import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.TestServers;
import ai.factory.gateway.tenant.ApiKeyRepository;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateway instances share PostgreSQL and Redis; a revocation on one stops the key on both at once. */
class KeyRevocationAcrossInstancesIT {

    private static final String CHAT = "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static Emulator emulator;
    private static GatewayApp first;
    private static GatewayApp second;

    @BeforeAll
    static void start() {
        emulator = Emulator.start(EmulatorConfig.profile("fast").toBuilder().port(0).build());
        Map<String, Object> props = GatewayApp.baseProperties(TestServers.newDatabaseUrl());
        GatewayApp.pool(props, "gpu", 8, emulator.baseUrl());
        GatewayApp.alias(props, "chat-default", "gpu");
        first = GatewayApp.start(props);
        second = GatewayApp.start(props);
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        emulator.close();
    }

    @Test
    void revoking_on_one_instance_takes_effect_on_the_other_within_a_second() throws Exception {
        String key = first.newKey("acme", List.of());
        // Both instances have the key cached as valid.
        assertEquals(200, first.post("/v1/chat/completions", key, CHAT).statusCode());
        assertEquals(200, second.post("/v1/chat/completions", key, CHAT).statusCode());

        String keyId = first.context().getBean(ApiKeyRepository.class).findByKeyHash(ApiKeyCodec.hash(key)).orElseThrow().id();
        first.context().getBean(KeyService.class).revoke("acme", keyId);
        long revokedAt = System.nanoTime();

        int status = 200;
        while (status == 200 && System.nanoTime() - revokedAt < 1_000_000_000L) {
            status = second.post("/v1/chat/completions", key, CHAT).statusCode();
        }
        long tookMillis = (System.nanoTime() - revokedAt) / 1_000_000;
        assertEquals(401, status, "the other instance still accepted the revoked key after " + tookMillis + " ms");
        assertTrue(tookMillis < 1000);
        assertEquals(401, first.post("/v1/chat/completions", key, CHAT).statusCode());
    }
}
