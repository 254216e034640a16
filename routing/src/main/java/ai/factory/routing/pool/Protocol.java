package ai.factory.routing.pool;

import java.util.Locale;

/**
 * The wire protocol a pool speaks. vLLM, TGI, NIM, Ollama and OpenAI itself all speak
 * {@code openai}; {@code anthropic} is translated by LangChain4j.
 */
public enum Protocol {
    OPENAI,
    ANTHROPIC;

    public static Protocol parse(String value) {
        try {
            return Protocol.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown pool protocol '" + value + "' (known: openai, anthropic)");
        }
    }
}
