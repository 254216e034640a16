package ai.factory.routing.support;

import ai.factory.routing.backend.BackendFailure;
import ai.factory.routing.backend.BackendReply;
import ai.factory.routing.backend.BackendRequest;
import ai.factory.routing.backend.BackendTransport;
import ai.factory.routing.pool.Endpoint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/** A transport whose endpoints answer what the test scripted, and which remembers every call. */
public final class ScriptedTransport implements BackendTransport {

    private final Map<String, Function<BackendRequest, CompletableFuture<BackendReply>>> scripts = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();

    /** Scripts the endpoint at {@code http://host:8000}. */
    public ScriptedTransport on(String host, Function<BackendRequest, CompletableFuture<BackendReply>> script) {
        scripts.put(host, script);
        return this;
    }

    public ScriptedTransport answer(String host, int status, String body, String... headers) {
        return on(host, request -> CompletableFuture.completedFuture(reply(status, body, headers)));
    }

    public ScriptedTransport fail(String host, BackendFailure.Kind kind) {
        return on(host, request -> CompletableFuture.failedFuture(
                new BackendFailure(kind, "p@http://" + host + ":8000", kind.name().toLowerCase())));
    }

    public static BackendReply reply(int status, String body, String... headers) {
        Map<String, List<String>> head = new HashMap<>();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            head.put(headers[i], List.of(headers[i + 1]));
        }
        return new BackendReply(status, head, Flux.just(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public CompletableFuture<BackendReply> send(Endpoint endpoint, BackendRequest request) {
        String host = endpoint.baseUrl().getHost();
        calls.add(host);
        Function<BackendRequest, CompletableFuture<BackendReply>> script = scripts.get(host);
        if (script == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("nothing scripted for " + host));
        }
        return script.apply(request);
    }
}
