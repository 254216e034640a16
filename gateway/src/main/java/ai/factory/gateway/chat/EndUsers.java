package ai.factory.gateway.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** End users are stored and limited by a hash, never the platform's raw user id. */
public final class EndUsers {

    private EndUsers() {
    }

    /**
     * SHA-256 of platform, binding and user id, first 16 bytes hex: stable per binding (limits and
     * usage group by it) and not linkable across bindings or tenants.
     */
    public static String hash(ChannelBinding binding, String platformUserId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((binding.platform().id() + '\n' + binding.id() + '\n' + platformUserId)
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
