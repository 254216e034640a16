package ai.factory.routing.fallback;

import ai.factory.routing.backend.BackendReply;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Flux;

/** Reading what a backend said when it refused: bounded, because an error page can be anything. */
final class ErrorBodies {

    /** Enough of an error body to say what went wrong, never a whole page. */
    static final int DETAIL_LIMIT = 512;
    /** A 4xx body is kept whole to relay it; OpenAI-style errors are a few hundred bytes. */
    static final int KEEP_LIMIT = 64 * 1024;

    private ErrorBodies() {
    }

    /** The first {@code limit} bytes of the body as text; the rest is read and dropped. */
    static CompletableFuture<byte[]> read(BackendReply reply, int limit) {
        return reply.body()
                .reduce(new ByteArrayOutputStream(), (out, buffer) -> {
                    int n = Math.min(buffer.remaining(), limit - out.size());
                    if (n > 0) {
                        byte[] bytes = new byte[n];
                        buffer.get(bytes);
                        out.writeBytes(bytes);
                    }
                    return out;
                })
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0])
                .onErrorReturn(new byte[0])
                .toFuture();
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).strip();
    }

    /** The same head with the already-read body, so an answer that was inspected can still be relayed. */
    static BackendReply replay(BackendReply reply, byte[] body) {
        return new BackendReply(reply.status(), reply.headers(), Flux.just(ByteBuffer.wrap(body)));
    }

    /** OpenAI's and vLLM's code for a prompt longer than the model's context. */
    static boolean isContextLengthExceeded(byte[] body) {
        String text = text(body);
        return text.contains("context_length_exceeded")
                || text.contains("maximum context length");
    }

    /** {@code retry-after} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }
}
