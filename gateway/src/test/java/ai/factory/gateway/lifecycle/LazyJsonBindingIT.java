package ai.factory.gateway.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.factory.emulator.EmulatorConfig;
import ai.factory.gateway.support.Admin;
import ai.factory.gateway.support.Bodies;
import ai.factory.gateway.support.GatewayApp;
import ai.factory.gateway.support.GatewayFixture;
import ai.factory.gateway.support.Key;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The router no longer has Jackson build every route's (de)serializer at start (application.yml,
 * {@code jackson.*.EAGER_*_FETCH}): each is built by its route's first request, which must then
 * bind and answer exactly as before, bad input included.
 */
class LazyJsonBindingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final GatewayFixture gw = GatewayFixture.builder()
            .emulator("gpu", EmulatorConfig.profileBuilder("fast"))
            .alias("chat-default", "gpu")
            .tenant("acme", "chat-default")
            .build();

    @Test
    void the_applications_mapper_builds_serializers_on_first_use(GatewayApp app) {
        ObjectMapper mapper = app.context().getBean(ObjectMapper.class);
        assertFalse(mapper.isEnabled(DeserializationFeature.EAGER_DESERIALIZER_FETCH));
        assertFalse(mapper.isEnabled(SerializationFeature.EAGER_SERIALIZER_FETCH));
    }

    @Test
    void first_requests_to_bound_routes_bind_and_reject_as_before(GatewayApp app, @Key("acme") String acme) throws Exception {
        HttpResponse<String> malformed = app.post("/v1/chat/completions", acme, "{\"model\":");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals("invalid_request_error", JSON.readTree(malformed.body()).at("/error/type").asText());

        HttpResponse<String> chat = app.post("/v1/chat/completions", acme, Bodies.chat("chat-default").user("hi").json());
        assertEquals(200, chat.statusCode(), chat.body());

        // An admin route with a bound record body, first called here.
        HttpResponse<String> created = Admin.call(app, "POST", "/admin/tenants", "{\"id\":\"lazy\",\"name\":\"Lazy\"}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode tenant = JSON.readTree(created.body());
        assertEquals("lazy", tenant.at("/id").asText(), created.body());
    }
}
