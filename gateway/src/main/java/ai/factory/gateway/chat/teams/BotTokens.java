package ai.factory.gateway.chat.teams;

import ai.factory.gateway.chat.outbound.PlatformSender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bot's own token for calling the Bot Connector: OAuth client credentials for the bot's app id
 * and secret at Microsoft's token endpoint, scope {@code https://api.botframework.com/.default},
 * kept per app id until five minutes before it expires.
 */
public final class BotTokens {

    public static final URI ENDPOINT = URI.create("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token");
    static final String SCOPE = "https://api.botframework.com/.default";
    private static final Duration EARLY = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final PlatformSender sender;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    public BotTokens(URI endpoint, PlatformSender sender, Clock clock) {
        this.endpoint = endpoint;
        this.sender = sender;
        this.clock = clock;
    }

    public CompletableFuture<String> token(String appId, String appSecret) {
        Token cached = tokens.get(appId);
        if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
            return CompletableFuture.completedFuture(cached.value());
        }
        String form = "grant_type=client_credentials&client_id=" + enc(appId) + "&client_secret=" + enc(appSecret)
                + "&scope=" + enc(SCOPE);
        return sender.send(() -> HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                        .header("content-type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build())
                .thenApply(r -> {
                    if (!r.delivered()) {
                        throw new IllegalStateException("bot token endpoint answered HTTP " + r.status());
                    }
                    try {
                        JsonNode body = JSON.readTree(r.body());
                        String value = body.path("access_token").asText(null);
                        if (value == null) {
                            throw new IllegalStateException("bot token endpoint gave no access_token");
                        }
                        Instant refreshAt = clock.instant().plusSeconds(body.path("expires_in").asLong(0)).minus(EARLY);
                        tokens.put(appId, new Token(value, refreshAt));
                        return value;
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("bot token endpoint gave no JSON", e);
                    }
                });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private record Token(String value, Instant refreshAt) {
    }
}
