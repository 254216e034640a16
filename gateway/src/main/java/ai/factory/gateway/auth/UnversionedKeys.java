package ai.factory.gateway.auth;

import ai.factory.gateway.tenant.ApiKeyRepository;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Whether any active key without a version prefix exists. While none does (a deployment that
 * only ever issued checksummed keys), an unversioned key cannot be valid and is refused with no
 * lookup. The answer is read once, on the blocking pool, and read again whenever a key is
 * issued or revoked anywhere ({@link KeyInvalidation}).
 */
final class UnversionedKeys {

    private static final String ANSWER = "exist";

    private final AsyncLoadingCache<String, Boolean> answer;

    UnversionedKeys(ApiKeyRepository keys, Executor blocking) {
        this.answer = Caffeine.newBuilder().executor(blocking)
                .buildAsync(ignored -> keys.existsActiveUnversioned());
    }

    CompletableFuture<Boolean> exist() {
        return answer.get(ANSWER);
    }

    /** A key was issued or revoked: read again (in the background; the old answer serves meanwhile). */
    void reload() {
        answer.synchronous().refresh(ANSWER);
    }

    /** This instance just issued an unversioned key: it must work at once, before any reload. */
    void issued() {
        answer.put(ANSWER, CompletableFuture.completedFuture(true));
    }
}
