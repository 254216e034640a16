package ai.factory.gateway.chat.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Bot Framework's signing keys, found as Microsoft specifies: the OpenID metadata document names
 * {@code jwks_uri}, whose keys Nimbus caches and refreshes (also when a token names a key it has
 * not seen: Microsoft rolls keys). The metadata is read once, again only after a failure. Blocking
 * on a miss: called off the event loop.
 */
final class OpenIdKeys implements JWKSource<SecurityContext> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI metadataUrl;
    private final HttpClient http;
    private volatile JWKSource<SecurityContext> keys;

    OpenIdKeys(URI metadataUrl, HttpClient http) {
        this.metadataUrl = metadataUrl;
        this.http = http;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        JWKSource<SecurityContext> source = keys;
        if (source == null) {
            source = load();
        }
        try {
            return source.get(selector, context);
        } catch (KeySourceException e) {
            keys = null;
            throw e;
        }
    }

    private synchronized JWKSource<SecurityContext> load() throws KeySourceException {
        if (keys != null) {
            return keys;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(metadataUrl).timeout(Duration.ofSeconds(5)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode jwksUri = r.statusCode() == 200 ? JSON.readTree(r.body()).path("jwks_uri") : null;
            if (jwksUri == null || !jwksUri.isTextual()) {
                throw new KeySourceException("OpenID metadata without jwks_uri (HTTP " + r.statusCode() + ")");
            }
            URL url = URI.create(jwksUri.asText()).toURL();
            keys = JWKSourceBuilder.create(url).retrying(true).build();
            return keys;
        } catch (KeySourceException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted reading the OpenID metadata", e);
        } catch (Exception e) {
            throw new KeySourceException("could not read the OpenID metadata: " + e.getMessage(), e);
        }
    }
}
