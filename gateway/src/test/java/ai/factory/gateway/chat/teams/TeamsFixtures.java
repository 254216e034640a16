package ai.factory.gateway.chat.teams;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import ai.factory.gateway.chat.ChannelBinding;
import ai.factory.gateway.chat.ChannelCredentials;
import ai.factory.gateway.chat.Platform;
import ai.factory.gateway.chat.WebhookRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Bot Framework played by WireMock: its OpenID metadata, its signing keys, its token endpoint;
 * activities shaped like the Bot Framework's documented message activity, with tokens signed as
 * the Bot Connector signs them.
 */
public final class TeamsFixtures {

    public static final String APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
    public static final RSAKey KEY = generate("bf-key-1");
    public static final RSAKey STRANGER = generate("bf-key-1");

    private TeamsFixtures() {
    }

    public static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the metadata document and the key set; returns the metadata URL. */
    public static URI serveBotFramework(WireMockServer api) {
        api.stubFor(get("/v1/.well-known/openidconfiguration").willReturn(okJson("""
                {"issuer":"https://api.botframework.com","authorization_endpoint":"https://invalid.botframework.com",\
                "jwks_uri":"%s/v1/.well-known/keys","id_token_signing_alg_values_supported":["RS256"],\
                "token_endpoint_auth_methods_supported":["private_key_jwt"]}""".formatted(api.baseUrl()))));
        api.stubFor(get("/v1/.well-known/keys").willReturn(okJson(keySet())));
        api.stubFor(post("/botframework.com/oauth2/v2.0/token").willReturn(okJson(
                "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"bot-token-1\"}")));
        return URI.create(api.baseUrl() + "/v1/.well-known/openidconfiguration");
    }

    /** The key set as Microsoft serves it: each key with the channels it is endorsed for. */
    static String keySet() {
        Map<String, Object> key = new HashMap<>(KEY.toPublicJWK().toJSONObject());
        key.put("endorsements", List.of("msteams", "webchat"));
        try {
            return new ObjectMapper().writeValueAsString(Map.of("keys", List.of(key)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static TeamsPlatform platform(WireMockServer api) {
        return new TeamsPlatform(serveBotFramework(api), URI.create(api.baseUrl() + "/botframework.com/oauth2/v2.0/token"),
                Duration.ofMinutes(5));
    }

    public static ChannelBinding binding() {
        return new ChannelBinding("b-teams", "t1", Platform.TEAMS, APP_ID, "chat-assistant", Set.of(), 0,
                new ChannelCredentials(Map.of("app_id", APP_ID, "app_password", "bot-secret")));
    }

    public static JWTClaimsSet.Builder claims(String serviceUrl) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("https://api.botframework.com").audience(APP_ID)
                .notBeforeTime(Date.from(now.minusSeconds(60))).expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("serviceurl", serviceUrl);
    }

    public static String token(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String activity(String serviceUrl, String id, String text) {
        return """
                {"type":"message","id":"%s","timestamp":"2026-11-29T21:10:07.437Z","serviceUrl":"%s",\
                "channelId":"msteams","from":{"id":"29:1XJKJMvc5GBtc2JwZq0oj8tHZmzrQgFmB39ATiQWA85g","name":"Megan Bowen",\
                "aadObjectId":"d6b2ac6b-8f1a-4d6e-9a8e-3c1b2a4f5e6d"},"conversation":{"id":"a:17I0kl8EkpE1O9PH5TWrzrLNwnWW",\
                "conversationType":"personal","tenantId":"72f988bf-86f1-41af-91ab-2d7cd011db47"},\
                "recipient":{"id":"28:%s","name":"Factory Bot"},"textFormat":"plain","locale":"ja-JP","text":"%s",\
                "channelData":{"tenant":{"id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}}}"""
                .formatted(id, serviceUrl, APP_ID, text);
    }

    public static WebhookRequest request(String body, String authorization) {
        return new WebhookRequest(authorization == null ? Map.of() : Map.of("Authorization", authorization),
                body.getBytes(StandardCharsets.UTF_8), Instant.now());
    }
}
