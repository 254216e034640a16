package ai.factory.gateway.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One Lua script of the gateway's, read from the jar once and called by {@code EVALSHA}: only its
 * digest crosses the wire. When the node answers NOSCRIPT (it restarted, failed over, or, on a
 * cluster, never saw the script: each node has its own cache) the call is sent once more as
 * {@code EVAL}, which runs it on the node owning the keys and caches it there.
 */
public final class LuaScript {

    private final String resource;
    private final String source;
    private final String sha;

    private LuaScript(String resource, String source) {
        this.resource = resource;
        this.source = source;
        this.sha = sha1(source);
    }

    /**
     * @param resources the script's path on the class path, e.g. {@code lua/admit.lua}, after the
     *     shared parts it uses (e.g. {@code lua/settle_buckets.lua}): Redis has no include, so
     *     they are joined into one script here
     */
    public static LuaScript load(String... resources) {
        StringBuilder source = new StringBuilder();
        for (String resource : resources) {
            try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + resource);
                }
                source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LuaScript(resources[resources.length - 1], source.toString());
    }

    public CompletableFuture<List<Object>> multi(RedisStore store, List<String> keys, List<String> args) {
        return run(store, ScriptOutputType.MULTI, keys, args);
    }

    /**
     * Sends the source itself ({@code EVAL}), never a NOSCRIPT retry: for a rare call that must run
     * before the commands sent after it on the connection. After a NOSCRIPT the retry goes out
     * behind them, and a compensating release overtaken by a settlement refunds nothing.
     */
    public CompletableFuture<List<Object>> multiInOrder(RedisStore store, List<String> keys, List<String> args) {
        return store.async().<List<Object>>eval(source, ScriptOutputType.MULTI, keys.toArray(String[]::new),
                args.toArray(String[]::new)).toCompletableFuture();
    }

    /**
     * As {@link #multi}, with arguments given as bytes (a packed argument, see ratelimit/Packed):
     * written to the wire as they are, with no String and no character encoding in between.
     */
    public CompletableFuture<List<Object>> multiBytes(RedisStore store, List<String> keys, List<byte[]> args) {
        return store.async().dispatch(CommandType.EVALSHA, new NestedMultiOutput<>(StringCodec.UTF8),
                        bytesArgs(sha, keys, args)).toCompletableFuture()
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof RedisNoScriptException) {
                        return store.async().dispatch(CommandType.EVAL, new NestedMultiOutput<>(StringCodec.UTF8),
                                bytesArgs(source, keys, args)).toCompletableFuture();
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private static CommandArgs<String, String> bytesArgs(String script, List<String> keys, List<byte[]> args) {
        CommandArgs<String, String> out = new CommandArgs<>(StringCodec.UTF8).add(script).add(keys.size());
        for (String key : keys) {
            out.addKey(key);
        }
        for (byte[] arg : args) {
            out.add(arg);
        }
        return out;
    }

    public <T> CompletableFuture<T> run(RedisStore store, ScriptOutputType type, List<String> keys, List<String> args) {
        String[] k = keys.toArray(String[]::new);
        String[] a = args.toArray(String[]::new);
        return store.async().<T>evalsha(sha, type, k, a).toCompletableFuture()
                .exceptionallyCompose(error -> {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (cause instanceof RedisNoScriptException) {
                        return store.async().<T>eval(source, type, k, a).toCompletableFuture();
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    public String sha() {
        return sha;
    }

    @Override
    public String toString() {
        return resource + " (" + sha + ")";
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
