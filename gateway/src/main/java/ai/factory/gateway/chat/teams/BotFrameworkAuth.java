package ai.factory.gateway.chat.teams;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;

/**
 * Checks that an activity comes from the Bot Framework, as Microsoft specifies for bots: a Bearer
 * JWT signed RS256 with a key from the OpenID metadata's {@code jwks_uri}, issuer
 * {@code https://api.botframework.com}, audience the bot's app id, not expired and not before its
 * {@code nbf} (with a small clock skew), and a {@code serviceurl} claim equal to the activity's
 * {@code serviceUrl}, so a stolen token cannot send the bot's replies (and its token) elsewhere.
 */
public final class BotFrameworkAuth {

    public static final String ISSUER = "https://api.botframework.com";
    public static final URI METADATA = URI.create("https://login.botframework.com/v1/.well-known/openidconfiguration");

    private final JWSVerificationKeySelector<SecurityContext> keys;
    private final int skewSeconds;

    public BotFrameworkAuth(URI metadataUrl, HttpClient http, Duration clockSkew) {
        this.keys = new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new OpenIdKeys(metadataUrl, http));
        this.skewSeconds = (int) clockSkew.toSeconds();
    }

    /** The token's claims when all checks pass; {@link Rejected} (401) otherwise. */
    public JWTClaimsSet verify(String authorization, String appId, String activityServiceUrl) throws Rejected {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Rejected("no Bearer token");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keys);
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(appId,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp"));
        claims.setMaxClockSkew(skewSeconds);
        processor.setJWTClaimsSetVerifier(claims);
        JWTClaimsSet set;
        try {
            set = processor.process(authorization.substring(7).trim(), null);
        } catch (Exception e) {
            throw new Rejected(e.getMessage());
        }
        Object serviceUrl = set.getClaim("serviceurl");
        if (!(serviceUrl instanceof String s) || activityServiceUrl == null
                || !trimSlash(s).equalsIgnoreCase(trimSlash(activityServiceUrl))) {
            throw new Rejected("serviceurl claim does not match the activity");
        }
        return set;
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The activity is not from the Bot Framework for this bot: 401. */
    public static final class Rejected extends Exception {
        Rejected(String why) {
            super("Bot Framework token rejected: " + why, null, false, false);
        }
    }
}
