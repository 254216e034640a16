package ai.factory.gateway.local;

import ai.factory.gateway.auth.ApiKeyCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * The local run's demo key and admin token live in {@code ./data/} next to its database, so the
 * README's curl examples can read them and they survive a restart. Only the local run does this;
 * production never writes a secret to disk.
 */
public final class LocalSecrets {

    private LocalSecrets() {
    }

    /** The secret kept in {@code file}, or {@code prefix} and 40 random characters, written there first. */
    public static String readOrCreate(Path file, String prefix) {
        return readOrCreate(file, () -> prefix + ApiKeyCodec.randomBase62(40));
    }

    public static String readOrCreate(Path file, Supplier<String> make) {
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!existing.isEmpty()) {
                    return existing;
                }
            }
            String secret = make.get();
            write(file, secret);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the local secret in " + file, e);
        }
    }

    public static void write(Path file, String secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file stays as the umask made it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local secret " + file, e);
        }
    }
}
