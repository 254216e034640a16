package ai.factory.gateway.chat;

import jakarta.inject.Singleton;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The platforms this build has, by {@link Platform}: every {@link ChatPlatform} bean. */
@Singleton
public class ChatPlatforms {

    private final Map<Platform, ChatPlatform> byPlatform = new EnumMap<>(Platform.class);

    public ChatPlatforms(List<ChatPlatform> platforms) {
        for (ChatPlatform p : platforms) {
            if (byPlatform.put(p.platform(), p) != null) {
                throw new IllegalStateException("two implementations of the chat platform " + p.platform().id());
            }
        }
    }

    public Optional<ChatPlatform> of(Platform platform) {
        return Optional.ofNullable(byPlatform.get(platform));
    }
}
