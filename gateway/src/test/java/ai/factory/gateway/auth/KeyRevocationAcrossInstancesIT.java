package ai.factory.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.admin.KeyService;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import ai.factory.gateway.tenant.ApiKeyRepository;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two gateway instances share PostgreSQL and Redis; a revocation on one stops the key on both at once. */
class KeyRevocationAcrossInstancesIT {

    private static final String CHAT = Bodies.chat("chat-default").user("hi").json();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .tenant("acme")
            .build();

    @Test
    void revoking_on_one_instance_takes_effect_on_the_other_within_a_second(GatewayApp first, @Key("acme") String key)
            throws Exception {
        GatewayApp second = gw.anotherInstance(Map.of());
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
