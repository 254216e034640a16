package ai.factory.gateway.chat.memory;

import ai.factory.gateway.chat.ChatConfig;
import ai.factory.gateway.redis.RedisStore;
import ai.factory.products.TokenCounter;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.ChatMemory;
import dev.langchain4j.memory.chat.TokenWindowChatMemory;
import dev.langchain4j.model.TokenCountEstimator;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A thread's conversation as LangChain4j's token-window {@link ChatMemory}: bounded in tokens
 * (oldest turns drop out first) and in time (the store's TTL).
 */
@Singleton
public class ConversationMemory {

    private final RedisChatMemoryStore store;
    private final TokenCountEstimator estimator;
    private final int maxTokens;

    public ConversationMemory(RedisStore redis, ChatConfig config, TokenCounter tokens) {
        this.store = new RedisChatMemoryStore(redis, config.memoryTtl());
        this.estimator = new Estimator(tokens);
        this.maxTokens = config.memoryTokens();
    }

    public List<ChatMessage> history(Conversation c) {
        return memory(c).messages();
    }

    public void remember(Conversation c, String said, String answered) {
        ChatMemory memory = memory(c);
        memory.add(UserMessage.from(said));
        memory.add(AiMessage.from(answered));
    }

    public void forget(Conversation c) {
        memory(c).clear();
    }

    private ChatMemory memory(Conversation c) {
        return TokenWindowChatMemory.builder().id(c).maxTokens(maxTokens, estimator).chatMemoryStore(store).build();
    }

    /** The gateway's own token counter (cl100k_base), as LangChain4j's estimator. */
    private record Estimator(TokenCounter tokens) implements TokenCountEstimator {

        @Override
        public int estimateTokenCountInText(String text) {
            return tokens.count(text);
        }

        @Override
        public int estimateTokenCountInMessage(ChatMessage message) {
            return 4 + tokens.count(text(message));
        }

        @Override
        public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
            int sum = 0;
            for (ChatMessage m : messages) {
                sum += estimateTokenCountInMessage(m);
            }
            return sum;
        }
    }

    public static String text(ChatMessage message) {
        if (message instanceof UserMessage u) {
            return u.hasSingleText() ? u.singleText() : "";
        }
        if (message instanceof AiMessage a) {
            return a.text() == null ? "" : a.text();
        }
        return "";
    }
}
