package ai.factory.gateway.chat.memory;

import ai.factory.gateway.chat.InboundTurn;
import ai.factory.gateway.chat.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Whose memory: one tenant's binding, one conversation, one thread. The memory id of LangChain4j's
 * {@code ChatMemory}; its Redis key names the tenant and a digest of the rest, so no thread (and no
 * other tenant) can reach another's messages.
 */
public record Conversation(String tenantId, String bindingId, String conversation, String thread) {

    public static Conversation of(InboundTurn turn) {
        return new Conversation(turn.binding().tenantId(), turn.binding().id(), turn.conversation(), turn.thread());
    }

    String digest() {
        byte[] sha = Signatures.sha256((bindingId + '\n' + conversation + '\n' + thread).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha, 0, 16);
    }
}
