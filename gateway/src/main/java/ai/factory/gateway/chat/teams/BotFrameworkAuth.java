package ai.factory.gateway.chat.teams;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Checks that an activity comes from the Bot Framework, as Microsoft specifies for bots: a Bearer
 * JWT signed RS256 with a key from the OpenID metadata's {@code jwks_uri}, issuer
 * {@code https://api.botframework.com}, audience the bot's app id, not expired and not before its
 * {@code nbf} (with a small clock skew), a {@code serviceurl} claim equal to the activity's
 * {@code serviceUrl}, so a stolen token cannot send the bot's replies (and its token) elsewhere,
 * and a signing key whose {@code endorsements} include the activity's {@code channelId}.
 */
public final class BotFrameworkAuth {

    public static final String ISSUER = "https://api.botframework.com";
    public static final URI METADATA = URI.create("https://login.botframework.com/v1/.well-known/openidconfiguration");

    private final OpenIdKeys openId;
    private final JWSVerificationKeySelector<SecurityContext> keys;
    private final int skewSeconds;

    public BotFrameworkAuth(URI metadataUrl, HttpClient http, Duration clockSkew) {
        this.openId = new OpenIdKeys(metadataUrl, http, Clock.systemUTC());
        this.keys = new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, openId);
        this.skewSeconds = (int) clockSkew.toSeconds();
    }

    /** The token's claims when all checks pass; {@link Rejected} (401) otherwise. */
    public JWTClaimsSet verify(String authorization, String appId, String activityServiceUrl, String channelId)
            throws Rejected {
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
        String kid;
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring(7).trim());
            set = processor.process(jwt, null);
            kid = jwt.getHeader().getKeyID();
        } catch (Exception e) {
            throw new Rejected(e.getMessage());
        }
        if (channelId == null || !openId.endorsements(kid).contains(channelId)) {
            throw new Rejected("the signing key is not endorsed for channel " + channelId);
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
