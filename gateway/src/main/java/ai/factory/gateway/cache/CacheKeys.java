package ai.factory.gateway.cache;

import ai.factory.gateway.redis.RedisKeys;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The response-cache key: a SHA-256 over the tenant, the model alias, the operation and the
 * request's fields in a canonical form (object fields sorted), so the same request written in
 * another field order hits the same entry. The tenant is both hashed and named in the key, so no
 * request of another tenant can ever produce it; the key's hash tag is the tenant's shard
 * ({@link RedisKeys}), so the admit and settle scripts reach it in the tenant's slot.
 */
public final class CacheKeys {

    /** Fields that do not change the answer; everything else does. */
    private static final Set<String> IGNORED = Set.of("user", "metadata", "store", "service_tier");

    private CacheKeys() {
    }

    public static String key(RedisKeys keys, String tenantId, String alias, String operation, JsonNode body) {
        StringBuilder canonical = new StringBuilder(256);
        canonical.append(tenantId).append('\u0000').append(alias).append('\u0000').append(operation).append('\u0000');
        write(body, canonical, true);
        return keys.cache(tenantId, sha256(canonical.toString()));
    }

    private static void write(JsonNode node, StringBuilder out, boolean top) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!(top && (IGNORED.contains(name) || name.equals("model")))) {
                    names.add(name);
                }
            }
            names.sort(null);
            out.append('{');
            for (String name : names) {
                out.append(quote(name)).append(':');
                write(node.get(name), out, false);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode item : node) {
                write(item, out, false);
                out.append(',');
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
