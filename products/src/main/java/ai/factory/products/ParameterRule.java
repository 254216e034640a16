package ai.factory.products;

import java.util.OptionalDouble;

/**
 * A sampling parameter a product lets callers set, with its default and allowed range. Values
 * outside {@code [min, max]} are rejected, never clamped: a caller asking for temperature 2 on a
 * product that allows 1 has a bug we should tell them about.
 *
 * @param name         the OpenAI request field, e.g. {@code temperature}, {@code max_tokens}
 * @param integer      whether only whole numbers are allowed
 * @param defaultValue sent when the caller gives no value; when empty nothing is sent
 * @param min          smallest allowed value, inclusive
 * @param max          largest allowed value, inclusive
 */
public record ParameterRule(String name, boolean integer, OptionalDouble defaultValue, double min, double max) {

    /** Whether {@code value} is allowed (range and, for integer parameters, wholeness). */
    public boolean allows(double value) {
        return value >= min && value <= max && (!integer || value == Math.rint(value));
    }

    /** "a number between 0 and 1" or "a whole number between 16 and 4000", for violation messages. */
    String describeRange() {
        return (integer ? "a whole number between " : "a number between ") + format(min) + " and " + format(max);
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
