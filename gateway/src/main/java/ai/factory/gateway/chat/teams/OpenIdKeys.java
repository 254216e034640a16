package ai.factory.gateway.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bot Framework's signing keys, found as Microsoft specifies: the OpenID metadata document names
 * {@code jwks_uri}; its keys are kept a day, and read again sooner when a token names a key not
 * among them (Microsoft rolls keys), at most once a minute. Each key's {@code endorsements} (the
 * channels it may sign for) are kept beside it, since Nimbus drops members it does not know.
 * Blocking on a refresh: called off the event loop.
 */
final class OpenIdKeys implements JWKSource<SecurityContext> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KEEP = Duration.ofDays(1);
    private static final Duration MIN_REFRESH = Duration.ofMinutes(1);

    private final URI metadataUrl;
    private final HttpClient http;
    private final Clock clock;
    private volatile Keys keys;

    OpenIdKeys(URI metadataUrl, HttpClient http, Clock clock) {
        this.metadataUrl = metadataUrl;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Keys current = keys;
        if (current == null || clock.instant().isAfter(current.readAt().plus(KEEP))) {
            current = load(current);
        }
        List<JWK> found = selector.select(current.set());
        if (found.isEmpty() && clock.instant().isAfter(current.readAt().plus(MIN_REFRESH))) {
            found = selector.select(load(current).set());
        }
        return found;
    }

    /** The channels (msteams, ...) key {@code kid} may sign for; empty when it names none. */
    Set<String> endorsements(String kid) {
        Keys current = keys;
        return current == null || kid == null ? Set.of() : current.endorsements().getOrDefault(kid, Set.of());
    }

    private synchronized Keys load(Keys seen) throws KeySourceException {
        if (keys != seen) {
            return keys; // another thread has just read them
        }
        try {
            JsonNode metadata = JSON.readTree(fetch(metadataUrl));
            JsonNode jwksUri = metadata == null ? null : metadata.path("jwks_uri");
            if (jwksUri == null || !jwksUri.isTextual()) {
                throw new KeySourceException("OpenID metadata without jwks_uri");
            }
            String jwks = fetch(URI.create(jwksUri.asText()));
            Map<String, Set<String>> endorsements = new HashMap<>();
            for (JsonNode key : JSON.readTree(jwks).path("keys")) {
                if (key.path("kid").isTextual() && key.path("endorsements").isArray()) {
                    Set<String> channels = new HashSet<>();
                    key.path("endorsements").forEach(e -> channels.add(e.asText()));
                    endorsements.put(key.path("kid").asText(), Set.copyOf(channels));
                }
            }
            keys = new Keys(JWKSet.parse(jwks), Map.copyOf(endorsements), clock.instant());
            return keys;
        } catch (KeySourceException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted reading Bot Framework keys", e);
        } catch (Exception e) {
            throw new KeySourceException("could not read Bot Framework keys: " + e.getMessage(), e);
        }
    }

    private String fetch(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new KeySourceException(uri.getPath() + " answered HTTP " + r.statusCode());
        }
        return r.body();
    }

    private record Keys(JWKSet set, Map<String, Set<String>> endorsements, Instant readAt) {
    }
}
