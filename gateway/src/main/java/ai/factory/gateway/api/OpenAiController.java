package ai.factory.gateway.api;

import ai.factory.gateway.auth.KeyAuthenticator;
import ai.factory.gateway.error.ErrorResponses;
import ai.factory.routing.alias.ModelAlias;
import ai.factory.routing.alias.RouteTable;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The OpenAI-compatible surface. Bodies arrive as raw bytes: the pipeline parses them once, as
 * a tree, so fields the gateway does not know reach the backend untouched.
 */
@Controller("/v1")
@Consumes(MediaType.ALL)
@Produces(MediaType.ALL)
public class OpenAiController {

    /** OpenAI lists a creation time per model; ours is when this gateway's catalog was built. */
    private final long created = System.currentTimeMillis() / 1000;
    private final ProxyPipeline pipeline;
    private final KeyAuthenticator authenticator;
    private final RouteTable routes;

    public OpenAiController(ProxyPipeline pipeline, KeyAuthenticator authenticator, RouteTable routes) {
        this.pipeline = pipeline;
        this.authenticator = authenticator;
        this.routes = routes;
    }

    @Post("/chat/completions")
    public CompletableFuture<MutableHttpResponse<?>> chat(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return pipeline.handle(request, Operation.CHAT, body);
    }

    @Post("/completions")
    public CompletableFuture<MutableHttpResponse<?>> completions(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return pipeline.handle(request, Operation.COMPLETIONS, body);
    }

    @Post("/embeddings")
    public CompletableFuture<MutableHttpResponse<?>> embeddings(HttpRequest<?> request, @Nullable @Body byte[] body) {
        return pipeline.handle(request, Operation.EMBEDDINGS, body);
    }

    /** The model aliases this key may call, in OpenAI's list shape. */
    @Get("/models")
    public CompletableFuture<MutableHttpResponse<?>> models(HttpRequest<?> request) {
        return authenticator.authenticate(request)
                .thenApply(caller -> {
                    List<Map<String, Object>> data = routes.aliases().stream()
                            .map(ModelAlias::name)
                            .filter(caller::mayUse)
                            .map(this::model)
                            .toList();
                    MutableHttpResponse<?> ok = HttpResponse.ok(Map.of("object", "list", "data", data))
                            .contentType(MediaType.APPLICATION_JSON_TYPE);
                    return ok;
                })
                .handle((response, failure) -> failure == null ? response : ErrorResponses.of(failure));
    }

    private Map<String, Object> model(String alias) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", alias);
        model.put("object", "model");
        model.put("created", created);
        model.put("owned_by", "ai-factory");
        return model;
    }
}
