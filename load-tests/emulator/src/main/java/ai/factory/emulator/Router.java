package ai.factory.emulator;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

/** Maps method and path to a handler; anything else is OpenAI's 404 (or 405). */
final class Router {

    private final Engine engine;
    private final ChatHandler chat;
    private final CompletionHandler completions;
    private final EmbeddingHandler embeddings;
    private final ResponsesHandler responses;
    private final InfoHandler info;

    Router(Engine engine) {
        this.engine = engine;
        this.chat = new ChatHandler(engine);
        this.completions = new CompletionHandler(engine);
        this.embeddings = new EmbeddingHandler(engine);
        this.responses = new ResponsesHandler(engine);
        this.info = new InfoHandler(engine);
    }

    void route(FullHttpRequest request, ResponseWriter writer) {
        String path = new QueryStringDecoder(request.uri()).path();
        HttpMethod method = request.method();
        switch (path) {
            case "/v1/chat/completions":
                post(method, path);
                inference(request);
                chat.handle(Requests.body(request.content()), writer);
                break;
            case "/v1/completions":
                post(method, path);
                inference(request);
                completions.handle(Requests.body(request.content()), writer);
                break;
            case "/v1/responses":
                post(method, path);
                inference(request);
                responses.handle(Requests.body(request.content()), writer);
                break;
            case "/v1/embeddings":
                post(method, path);
                inference(request);
                embeddings.handle(Requests.body(request.content()), writer);
                break;
            case "/v1/models":
                get(method, path);
                info.models(writer);
                break;
            case "/reset_prefix_cache":
                post(method, path);
                info.resetPrefixCache(writer);
                break;
            case "/health":
                get(method, path);
                info.health(writer);
                break;
            case "/metrics":
                get(method, path);
                info.metrics(writer);
                break;
            default:
                throw ApiError.unknownRoute(method.name(), path);
        }
    }

    /**
     * Counts the request as received, records its trace context and refuses new work once the
     * emulator is closing. Only inference requests record {@code traceparent}: a traced health
     * probe or metrics scrape must not hide the trace of the call a test is checking.
     */
    private void inference(FullHttpRequest request) {
        engine.metrics().requestsReceived.increment();
        engine.traceparent(request.headers().get("traceparent"));
        if (engine.closing()) {
            throw ApiError.shuttingDown();
        }
    }

    private static void post(HttpMethod method, String path) {
        if (!HttpMethod.POST.equals(method)) {
            throw ApiError.methodNotAllowed(method.name(), path);
        }
    }

    private static void get(HttpMethod method, String path) {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            throw ApiError.methodNotAllowed(method.name(), path);
        }
    }
}
