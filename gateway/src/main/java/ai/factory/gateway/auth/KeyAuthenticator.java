package ai.factory.gateway.auth;

import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.tenant.ApiKey;
import ai.factory.gateway.tenant.ApiKeyRepository;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
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
 *
 * <p>Unknown keys must not cost a query each: a key whose checksum fails, or an unversioned key
 * while no unversioned key exists, is refused before any lookup; an unknown key that was looked
 * up is remembered briefly; and an address that keeps failing is refused with 429 for the rest
 * of its window ({@link AuthFailureLimiter}). No error ever repeats any part of the key.
 */
@Singleton
public class KeyAuthenticator {

    /** Unknown keys are remembered briefly so a flood of one bad key cannot hammer the database. */
    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(10);
    private static final Duration POSITIVE_TTL = Duration.ofMinutes(5);
    private static final String UNKNOWN = "invalid API key: unknown or revoked";

    private final AsyncLoadingCache<String, Optional<Caller>> cache;
    private final UnversionedKeys unversioned;
    private final AuthFailureLimiter failures;
    private final ClientAddress addresses;
    private final Clock clock;

    public KeyAuthenticator(ApiKeyRepository keys, @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
            ClientAddress addresses, @Value("${gateway.auth.failures-per-minute:60}") int failuresPerMinute) {
        this.clock = Clock.systemUTC();
        this.addresses = addresses;
        this.failures = new AuthFailureLimiter(failuresPerMinute, Duration.ofMinutes(1), 100_000, System::nanoTime);
        this.unversioned = new UnversionedKeys(keys, blocking);
        this.cache = Caffeine.newBuilder()
                .maximumSize(200_000)
                .executor(blocking)
                .expireAfter(Expiry.<String, Optional<Caller>>writing(
                        (hash, caller) -> caller.isPresent() ? POSITIVE_TTL : NEGATIVE_TTL))
                .buildAsync(hash -> keys.findByKeyHash(hash).filter(k -> ApiKey.ACTIVE.equals(k.status()))
                        .map(KeyAuthenticator::toCaller));
        unversioned.exist();
    }

    /** The caller behind the request's {@code Authorization} header, or a 401 (429 for an address that keeps failing). */
    public CompletableFuture<Caller> authenticate(HttpRequest<?> request) {
        String address = addresses.of(request);
        String key = bearer(request.getHeaders().get(HttpHeaders.AUTHORIZATION));
        Duration blocked = failures.blockedFor(address);
        if (blocked != null && !knownGood(key)) {
            long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
            return CompletableFuture.failedFuture(new GatewayError(429, "requests", "rate_limit_exceeded", null,
                    "too many failed authentications from this address; retry after " + seconds + " s",
                    Long.toString(seconds)));
        }
        return lookup(key).whenComplete((caller, failure) -> {
            if (failure != null) {
                failures.recordFailure(address);
            }
        });
    }

    /** Forgets a key on this instance (and whether unversioned keys exist); the next use reads PostgreSQL again. */
    public void evict(String keyHash) {
        cache.synchronous().invalidate(keyHash);
        unversioned.reload();
    }

    /** A key was just issued here: drop a remembered "unknown" for it, and let an unversioned one work at once. */
    public void issued(String key) {
        if (ApiKeyCodec.shape(key) == ApiKeyCodec.Shape.UNVERSIONED) {
            unversioned.issued();
        }
        cache.synchronous().invalidate(ApiKeyCodec.hash(key));
    }

    private CompletableFuture<Caller> lookup(String key) {
        if (key == null) {
            return CompletableFuture.failedFuture(GatewayError.unauthorized(
                    "missing API key: send it as 'Authorization: Bearer <key>'"));
        }
        return switch (ApiKeyCodec.shape(key)) {
            case MALFORMED -> CompletableFuture.failedFuture(GatewayError.unauthorized(UNKNOWN));
            case VERSIONED -> find(key);
            // Not knowing (the database was unreachable at start) means looking up, as before.
            case UNVERSIONED -> unversioned.exist().exceptionally(unknown -> true).thenCompose(exist -> exist
                    ? find(key) : CompletableFuture.failedFuture(GatewayError.unauthorized(UNKNOWN)));
        };
    }

    private CompletableFuture<Caller> find(String key) {
        return cache.get(ApiKeyCodec.hash(key)).thenApply(found -> {
            Caller caller = found.orElseThrow(() -> GatewayError.unauthorized(UNKNOWN));
            if (caller.expiredAt(clock.instant())) {
                throw GatewayError.unauthorized("API key " + caller.keyId() + " expired at " + caller.expiresAt());
            }
            return caller;
        });
    }

    /** A key this instance already knows to be valid passes even from a limited address (a shared NAT). */
    private boolean knownGood(String key) {
        if (key == null) {
            return false;
        }
        CompletableFuture<Optional<Caller>> cached = cache.getIfPresent(ApiKeyCodec.hash(key));
        return cached != null && cached.isDone() && !cached.isCompletedExceptionally() && cached.join().isPresent();
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
