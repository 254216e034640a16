package ai.factory.gateway.chat;

import ai.factory.gateway.chat.Commands.Command;
import ai.factory.gateway.chat.memory.Conversation;
import ai.factory.gateway.chat.memory.ConversationMemory;
import ai.factory.gateway.http.RequestIds;
import ai.factory.products.Product;
import ai.factory.products.ProductCatalog;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one turn, on a chat worker: {@code /help}, {@code /reset}, the per-person limit, then a
 * command's product or the binding's default chat product with the thread's memory, through
 * {@link ChatPipeline}. Whatever goes wrong, the user gets one short sentence with the request id.
 */
@Singleton
public class TurnHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TurnHandler.class);
    private static final int HISTORY_ITEMS = 20;
    private static final int HISTORY_CHARS = 8000;

    private final ChatPipeline pipeline;
    private final ConversationMemory memory;
    private final ChatState state;
    private final ProductCatalog catalog;
    private final Replies replies;

    public TurnHandler(ChatPipeline pipeline, ConversationMemory memory, ChatState state, ProductCatalog catalog,
            Replies replies) {
        this.pipeline = pipeline;
        this.memory = memory;
        this.state = state;
        this.catalog = catalog;
        this.replies = replies;
    }

    public void handle(ChatPlatform platform, InboundTurn turn) {
        String requestId = RequestIds.generate();
        try {
            answer(platform, turn, requestId);
        } catch (PlatformCallException e) {
            LOG.warn("turn {} on {}: the reply could not be delivered ({})", requestId, platform.platform().id(), e.status());
        } catch (RuntimeException e) {
            LOG.warn("turn {} on {} failed: {}", requestId, platform.platform().id(), e.toString());
            tell(platform, turn, "Something went wrong on our side. (request id " + requestId + ")");
        }
    }

    private void answer(ChatPlatform platform, InboundTurn turn, String requestId) {
        ChannelBinding binding = turn.binding();
        Command command = Commands.parse(turn.text());
        Conversation conversation = Conversation.of(turn);
        if ("help".equals(command.name())) {
            tell(platform, turn, help(binding));
            return;
        }
        if ("reset".equals(command.name())) {
            memory.forget(conversation);
            tell(platform, turn, "Done: I have forgotten this conversation.");
            return;
        }
        long wait = state.endUserRetryAfter(binding, turn.endUser());
        if (wait > 0) {
            tell(platform, turn, "You have reached your limit of " + binding.endUserRequestsPerMinute()
                    + " requests a minute. Try again in " + wait + " s. (request id " + requestId + ")");
            return;
        }
        if (command.chat()) {
            chat(platform, turn, requestId, conversation, command.argument());
            return;
        }
        String productId = Commands.productOf(command.name());
        Product product = catalog.find(productId).filter(p -> binding.allows(p.id())).orElse(null);
        if (product == null) {
            tell(platform, turn, "I don't know the command /" + command.name() + ". /help lists what you can use here.");
            return;
        }
        ObjectNode input = Commands.input(product, command.argument());
        if (input == null) {
            tell(platform, turn, "Usage: " + Commands.usage(product));
            return;
        }
        run(platform, turn, requestId, product, input);
    }

    private void chat(ChatPlatform platform, InboundTurn turn, String requestId, Conversation conversation, String text) {
        Product product = catalog.find(turn.binding().defaultProduct()).orElseThrow();
        ObjectNode input = JsonNodeFactory.instance.objectNode().put("message", text);
        List<ChatMessage> past = memory.history(conversation);
        if (!past.isEmpty()) {
            ArrayNode history = input.putArray("history");
            for (ChatMessage m : past.subList(Math.max(0, past.size() - HISTORY_ITEMS), past.size())) {
                String content = ConversationMemory.text(m);
                history.addObject().put("role", m instanceof AiMessage ? "assistant" : "user")
                        .put("content", content.length() > HISTORY_CHARS ? content.substring(0, HISTORY_CHARS) : content);
            }
        }
        String answer = run(platform, turn, requestId, product, input);
        if (answer != null) {
            memory.remember(conversation, text, answer);
        }
    }

    /** Runs the product and delivers its answer; returns it, or null when the user got an error sentence. */
    private String run(ChatPlatform platform, InboundTurn turn, String requestId, Product product, ObjectNode input) {
        try {
            if (platform.streamsEdits() && product.streaming()) {
                StreamedReply reply = new StreamedReply(platform, turn.binding(), turn.reply(), replies);
                CompletableFuture<String> answer = pipeline.run(turn, requestId, product, input, reply::append);
                return reply.follow(answer);
            }
            String answer = pipeline.run(turn, requestId, product, input, null).get();
            replies.send(platform, turn.binding(), turn.reply(), answer);
            return answer;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PlatformCallException p) {
                throw p;
            }
            tell(platform, turn, ErrorSentences.of(cause, product.id(), requestId));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String help(ChannelBinding binding) {
        StringBuilder out = new StringBuilder("Write to me to talk to the assistant. Commands:\n");
        for (Product p : catalog.all()) {
            if (binding.allows(p.id()) && !p.id().equals(binding.defaultProduct())) {
                out.append("• ").append(Commands.usage(p)).append(": ").append(firstSentence(p.description())).append('\n');
            }
        }
        return out.append("• /reset: forget this conversation").toString();
    }

    private static String firstSentence(String text) {
        int dot = text.indexOf(". ");
        return dot < 0 ? text : text.substring(0, dot + 1);
    }

    private void tell(ChatPlatform platform, InboundTurn turn, String text) {
        replies.send(platform, turn.binding(), turn.reply(), text);
    }
}
