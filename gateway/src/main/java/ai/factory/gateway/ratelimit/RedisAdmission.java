package ai.factory.gateway.ratelimit;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The two Lua scripts over Lettuce's asynchronous API: loaded once, called by {@code EVALSHA},
 * reloaded transparently when Redis lost them (a restart, a failover). One call before the
 * backend (admit + cache lookup), one after (settle + cache write + usage event).
 */
public final class RedisAdmission {

    private final StatefulRedisConnection<String, String> redis;
    private final String admitScript = script("lua/admit.lua");
    private final String settleScript = script("lua/settle.lua");
    private volatile String admitSha;
    private volatile String settleSha;

    public RedisAdmission(StatefulRedisConnection<String, String> redis) {
        this.redis = redis;
        this.admitSha = sha1(admitScript);
        this.settleSha = sha1(settleScript);
    }

    /** The raw admission reply; see admit.lua for its layout. */
    public CompletableFuture<List<Object>> admit(List<Check> checks, String member, String cacheKey) {
        return admit(checks, member, cacheKey, List.of(), List.of());
    }

    /** @param recordKeys, recordArgs the reservation record's block (expiry package), appended after the rest */
    public CompletableFuture<List<Object>> admit(List<Check> checks, String member, String cacheKey,
            List<String> recordKeys, List<String> recordArgs) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(checks.size()));
        args.add(cacheKey == null ? "0" : "1");
        args.add(member);
        for (Check c : checks) {
            keys.add(c.key());
            args.add(c.kind());
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(c.window()));
            args.add(Long.toString(c.cost()));
            args.add(Long.toString(c.seed()));
        }
        if (cacheKey != null) {
            keys.add(cacheKey);
        }
        keys.addAll(recordKeys);
        args.addAll(recordArgs);
        return eval(admitScript, true, keys, args);
    }

    /**
     * @param deltas per check: tokens/cost to give back (tok) or to add (budget), see settle.lua
     */
    public CompletableFuture<List<Object>> settle(List<Check> checks, long[] deltas, String member, String cacheKey,
            String cacheValue, long cacheTtlMillis, String stream, Map<String, String> event) {
        return settle(checks, deltas, member, cacheKey, cacheValue, cacheTtlMillis, stream, event, null, null, null);
    }

    /**
     * @param record the reservation record to delete in the same call (expiry package), or null
     * @param mode {@code owner} (this instance settles its own request) or {@code reap}
     */
    public CompletableFuture<List<Object>> settle(List<Check> checks, long[] deltas, String member, String cacheKey,
            String cacheValue, long cacheTtlMillis, String stream, Map<String, String> event, String record,
            String index, String mode) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(checks.size()));
        args.add(member);
        args.add(cacheValue == null ? "" : cacheValue);
        args.add(Long.toString(cacheTtlMillis));
        args.add(Integer.toString(event == null ? 0 : event.size()));
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            keys.add(c.key());
            args.add(c.kind());
            args.add(Long.toString(c.limit()));
            args.add(Long.toString(c.window()));
            args.add(Long.toString(deltas[i]));
        }
        keys.add(cacheKey == null ? "" : cacheKey);
        keys.add(stream);
        if (event != null) {
            event.forEach((k, v) -> {
                args.add(k);
                args.add(v);
            });
        }
        if (record != null) {
            keys.add(record);
            keys.add(index);
            args.add(mode);
        }
        return eval(settleScript, false, keys, args);
    }

    private CompletableFuture<List<Object>> eval(String script, boolean admit, List<String> keys, List<String> args) {
        String sha = admit ? admitSha : settleSha;
        String[] k = keys.toArray(String[]::new);
        String[] a = args.toArray(String[]::new);
        return redis.async().<List<Object>>evalsha(sha, ScriptOutputType.MULTI, k, a).toCompletableFuture()
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof RedisNoScriptException) {
                        // Redis restarted or failed over and lost its script cache: load once more.
                        return redis.async().scriptLoad(script).toCompletableFuture()
                                .thenCompose(loaded -> redis.async().<List<Object>>evalsha(loaded, ScriptOutputType.MULTI, k, a)
                                        .toCompletableFuture());
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private static String script(String resource) {
        try (InputStream in = RedisAdmission.class.getClassLoader().getResourceAsStream(resource)) {
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
