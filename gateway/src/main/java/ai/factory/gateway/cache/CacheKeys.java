package ai.factory.gateway.cache;

import ai.factory.gateway.redis.RedisKeys;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The response-cache key: a SHA-256 over the tenant, the model alias, the operation and the
 * request's fields in a canonical form ({@link CanonicalJson}: object fields sorted), so the same
 * request written in another field order hits the same entry. The tenant is both hashed and named
 * in the key, so no request of another tenant can ever produce it; the key's hash tag is the
 * tenant's shard ({@link RedisKeys}), so the admit and settle scripts reach it in the tenant's slot.
 * Computed only when the cache is consulted (most requests sample and bypass it), from the body's
 * bytes with a streaming parser, never a tree.
 */
public final class CacheKeys {

    /** Fields that do not change the answer (the model is hashed as the alias); everything else does. */
    private static final Set<String> IGNORED = Set.of("user", "metadata", "store", "service_tier", "model");
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper TREES = new ObjectMapper();

    private CacheKeys() {
    }

    /** @param body the client's JSON object, as sent */
    public static String key(RedisKeys keys, String tenantId, String alias, String operation, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((tenantId + '\u0000' + alias + '\u0000' + operation + '\u0000').getBytes(StandardCharsets.UTF_8));
            sha.update(CanonicalJson.of(FACTORY, body, IGNORED));
            return keys.cache(tenantId, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body the gateway built as a tree: the same key as the same body sent as bytes. */
    public static String key(RedisKeys keys, String tenantId, String alias, String operation, JsonNode body) {
        try {
            return key(keys, tenantId, alias, operation, TREES.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
