package ai.factory.gateway.ratelimit.expiry;

import ai.factory.gateway.redis.RedisStore;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * renew.lua and reap.lua over Lettuce's asynchronous API, reloaded when Redis lost them. On a
 * cluster each call goes to the node owning its keys' slot (callers keep a call in one shard).
 */
final class ExpiryScripts {

    private final RedisStore redis;
    private final String renew = load("lua/renew.lua");
    private final String reap = load("lua/reap.lua");
    private final String renewSha = sha1(renew);
    private final String reapSha = sha1(reap);

    ExpiryScripts(RedisStore redis) {
        this.redis = redis;
    }

    /** @return how many reservations were renewed */
    CompletableFuture<Long> renew(List<String> keys, List<String> args) {
        return eval(renew, ScriptOutputType.INTEGER, keys, args);
    }

    /** @return the record keys this caller claimed */
    CompletableFuture<List<String>> claim(String index, int most, long claimMillis) {
        return eval(reap, ScriptOutputType.MULTI, List.of(index), List.of(Integer.toString(most), Long.toString(claimMillis)));
    }

    CompletableFuture<java.util.Map<String, String>> read(String record) {
        return redis.async().hgetall(record).toCompletableFuture();
    }

    CompletableFuture<Long> unlist(String index, String record) {
        return redis.async().zrem(index, record).toCompletableFuture();
    }

    private <T> CompletableFuture<T> eval(String script, ScriptOutputType type, List<String> keys, List<String> args) {
        String[] k = keys.toArray(String[]::new);
        String[] a = args.toArray(String[]::new);
        return redis.async().<T>evalsha(script == renew ? renewSha : reapSha, type, k, a).toCompletableFuture()
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof RedisNoScriptException) {
                        return redis.async().<T>eval(script, type, k, a).toCompletableFuture();
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private static String load(String resource) {
        try (InputStream in = ExpiryScripts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
