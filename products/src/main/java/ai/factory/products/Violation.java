package ai.factory.products;

import java.util.Objects;

/**
 * One reason a request or a model's answer was refused.
 *
 * @param pointer a JSON pointer (RFC 6901). For requests it points into the invoke body, so
 *                {@code /input/text} or {@code /options/temperature}; for model answers it points
 *                into the answer's JSON ({@code ""} is the whole value).
 * @param message what is wrong, in plain English, meant to be shown to the caller as is
 */
public record Violation(String pointer, String message) {

    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(root)" : pointer) + ": " + message;
    }
}
