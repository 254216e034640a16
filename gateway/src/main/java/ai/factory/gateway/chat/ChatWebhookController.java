package ai.factory.gateway.chat;

import ai.factory.gateway.error.ErrorResponses;
import ai.factory.gateway.error.GatewayError;
import ai.factory.gateway.http.ClientIds;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat/{platform}/{bindingId}}: every platform's webhook. Verified by the platform,
 * each new delivery taken in Redis (a retry is acknowledged and dropped), queued for the workers,
 * and acknowledged at once: Slack wants its answer within 3 s, others retry slow webhooks.
 * Runs on the blocking pool (the binding may be read from PostgreSQL).
 */
@Controller("/chat")
public class ChatWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(ChatWebhookController.class);

    private final ChannelBindings bindings;
    private final ChatPlatforms platforms;
    private final ChatState state;
    private final ChatDispatcher dispatcher;

    public ChatWebhookController(ChannelBindings bindings, ChatPlatforms platforms, ChatState state,
            ChatDispatcher dispatcher) {
        this.bindings = bindings;
        this.platforms = platforms;
        this.state = state;
        this.dispatcher = dispatcher;
    }

    @Post(uri = "/{platform}/{bindingId}", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> receive(HttpRequest<?> request, @PathVariable String platform, @PathVariable String bindingId,
            @Nullable @Body byte[] body) {
        Platform p = Platform.of(platform);
        Optional<ChatPlatform> impl = p == null ? Optional.empty() : platforms.of(p);
        if (impl.isEmpty()) {
            return ErrorResponses.of(GatewayError.notFound("platform_not_found", "platform", "no chat platform '"
                    + (platform.length() > 32 ? platform.substring(0, 32) : platform) + "'"));
        }
        Optional<ChannelBinding> binding = ClientIds.isToken(bindingId) ? bindings.find(bindingId) : Optional.empty();
        if (binding.isEmpty() || binding.get().platform() != p) {
            // As for a bad signature: nothing says whether the binding exists.
            return unauthorized(p, "unknown binding");
        }
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(0)));
        WebhookOutcome outcome = impl.get().receive(binding.get(), new WebhookRequest(headers,
                body == null ? new byte[0] : body, Instant.now()));
        if (outcome instanceof WebhookOutcome.Rejected rejected) {
            return rejected.status() == 401 ? unauthorized(p, rejected.reason())
                    : ErrorResponses.of(GatewayError.invalidRequest(null, "the webhook was refused: " + rejected.reason()));
        }
        WebhookOutcome.Ack ack = (WebhookOutcome.Ack) outcome;
        try {
            for (InboundTurn turn : ack.turns()) {
                if (!state.take(binding.get(), turn.eventId())) {
                    continue; // a retried delivery: answered (or being answered) once already
                }
                if (!dispatcher.submit(impl.get(), turn)) {
                    state.release(binding.get(), turn.eventId());
                    return ErrorResponses.of(new GatewayError(503, "server_error", "chat_busy", null,
                            "the chat workers are saturated; deliver again later", "5"));
                }
            }
        } catch (ChatState.Unavailable e) {
            // Nothing of this turn was taken or queued: a 5xx makes the platform deliver it again.
            LOG.warn("{} webhook not taken: {}", p.id(), e.getMessage());
            return ErrorResponses.of(new GatewayError(503, "server_error", "chat_state_unavailable", null,
                    "the chat state store is unavailable; deliver again later", "5"));
        }
        return ack.body().isEmpty() ? HttpResponse.ok() : HttpResponse.ok(ack.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static HttpResponse<?> unauthorized(Platform p, String reason) {
        LOG.warn("{} webhook refused: {}", p.id(), reason);
        return ErrorResponses.of(new GatewayError(401, "authentication_error", "invalid_signature", null,
                "the webhook's signature does not verify", null));
    }
}
