package ai.factory.gateway.auth;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.tenant.ApiKey;
import ai.factory.gateway.tenant.ApiKeyRepository;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * API key → caller, on the hot path. Lookups are cached in-process (hits complete on the calling
 * thread); misses go to PostgreSQL on the blocking I/O pool, never on an event loop, and
 * concurrent misses for one key share a single query. Revocation evicts the entry on every
 * instance through {@link KeyInvalidation}; the TTL is only a safety net for a lost message.
 */
@Singleton
public class KeyAuthenticator {

    /** Unknown keys are remembered briefly so a flood of bad keys cannot hammer the database. */
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
    private static final Duration POSITIVE_TTL = Duration.ofMinutes(5);

    private final AsyncLoadingCache<String, Optional<Caller>> cache;
    private final Clock clock;

    public KeyAuthenticator(ApiKeyRepository keys, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.clock = Clock.systemUTC();
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .executor(blocking)
                .expireAfter(Expiry.<String, Optional<Caller>>writing(
                        (hash, caller) -> caller.isPresent() ? POSITIVE_TTL : NEGATIVE_TTL))
                .buildAsync(hash -> keys.findByKeyHash(hash).filter(k -> ApiKey.ACTIVE.equals(k.status()))
                        .map(KeyAuthenticator::toCaller));
    }

    /**
     * @param authorization the raw {@code Authorization} header, may be null
     */
    public CompletableFuture<Caller> authenticate(String authorization) {
        String key = bearer(authorization);
        if (key == null) {
            return CompletableFuture.failedFuture(GatewayError.unauthorized(
                    "missing API key: send it as 'Authorization: Bearer <key>'"));
        }
        return cache.get(ApiKeyCodec.hash(key)).thenApply(found -> {
            Caller caller = found.orElseThrow(() -> GatewayError.unauthorized(
                    "invalid API key: unknown or revoked (" + ApiKeyCodec.shownPrefix(key) + "...)"));
            if (caller.expiredAt(clock.instant())) {
                throw GatewayError.unauthorized("API key " + caller.keyId() + " expired at " + caller.expiresAt());
            }
            return caller;
        });
    }

    /** Forgets a key on this instance; the next use reads PostgreSQL again. */
    public void evict(String keyHash) {
        cache.synchronous().invalidate(keyHash);
    }

    private static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).trim();
        }
        return value.isEmpty() ? null : value;
    }

    private static Caller toCaller(ApiKey key) {
        return new Caller(key.tenantId(), key.id(),
                key.allowedModels() == null ? new HashSet<>() : new HashSet<>(key.allowedModels()), key.expiresAt());
    }
}
