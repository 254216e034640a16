package ai.factory.gateway.chat.teams;

import ai.factory.gateway.chat.PlatformCallException;
import ai.factory.gateway.chat.outbound.PlatformCalls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's own token for calling the Bot Connector: OAuth client credentials for the bot's app id
 * and password at Microsoft's token endpoint, scope {@code https://api.botframework.com/.default},
 * kept per app id until five minutes before it expires.
 */
public final class BotTokens {

    public static final URI ENDPOINT = URI.create("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
    static final String SCOPE = "https://api.botframework.com/.default";
    private static final Duration EARLY = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final PlatformCalls http;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public BotTokens(URI endpoint, PlatformCalls http, Clock clock) {
        this.endpoint = endpoint;
        this.http = http;
        this.clock = clock;
    }

    public String token(String appId, String appPassword) {
        Token cached = tokens.get(appId);
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return cached.value();
        }
        String form = "grant_type=client_credentials&client_id=" + enc(appId) + "&client_secret=" + enc(appPassword)
                + "&scope=" + enc(SCOPE);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        if (!PlatformCalls.ok(r)) {
            throw http.failure(r);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            String value = body.path("access_token").asText(null);
            if (value == null) {
                throw new PlatformCallException(502, null, "Teams token endpoint gave no access_token");
            }
            tokens.put(appId, new Token(value, clock.instant().plusSeconds(body.path("expires_in").asLong(0)).minus(EARLY)));
            return value;
        } catch (IOException e) {
            throw new PlatformCallException(502, null, "Teams token endpoint gave no JSON");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private record Token(String value, Instant refreshAt) {
    }
}
