package ai.factory.gateway.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * JSON bodies, well-formed and not, as strings. {@link #MARK} starts every identifier the suite
 * makes up, so a metric label or log that echoes client input can be found by searching for it.
 */
final class HostileBodies {

    static final String MARK = "hxq";

    private HostileBodies() {
    }

    static String chat(String model, String extra, String content) {
        return "{\"model\":" + model + extra + ",\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}";
    }

    static String quoted(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A request the gateway must serve: chat, streamed or not, legacy completions or embeddings. */
    static Arbitrary<String[]> valid() {
        Arbitrary<String> words = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String[]> chat = Combinators.combine(words, Arbitraries.of(true, false), Arbitraries.of("", ",\"temperature\":0"))
                .as((text, stream, temp) -> new String[] {"/v1/chat/completions",
                        chat("\"chat-default\"", ",\"max_tokens\":6,\"stream\":" + stream + temp, quoted(text))});
        Arbitrary<String[]> completion = words.map(text -> new String[] {"/v1/completions",
                "{\"model\":\"chat-default\",\"max_tokens\":5,\"prompt\":" + quoted(text) + "}"});
        Arbitrary<String[]> embedding = words.map(text -> new String[] {"/v1/embeddings",
                "{\"model\":\"embed-default\",\"input\":[" + quoted(text) + "]}"});
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, chat), net.jqwik.api.Tuple.of(2, completion), net.jqwik.api.Tuple.of(2, embedding));
    }

    /** Cut anywhere, garbage, invalid UTF-8, not an object, trailing junk, empty. */
    static Arbitrary<byte[]> malformed() {
        String whole = chat("\"chat-default\"", ",\"max_tokens\":5", "\"hello there\"");
        Arbitrary<byte[]> cut = Arbitraries.integers().between(0, whole.length() - 1)
                .map(n -> whole.substring(0, n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<byte[]> fixed = Arbitraries.of("", " ", "null", "[]", "[{}]", "\"model\"", "42", "{", "}", "{}",
                "{\"model\":\"chat-default\",}", "{'model':'chat-default'}", "{\"model\":\"chat-default\" \"messages\":[]}",
                whole + "garbage", whole + whole, whole + "]", whole + " {}", "{\"model\":\"chat-\\ud800\",\"messages\":[]}",
                "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"\\u00\"}]}",
                "{\"model\":NaN}", "{\"model\":\"chat-default\",\"max_tokens\":Infinity,\"messages\":[]}",
                "{\"model\":\"chat-default\"/*c*/,\"messages\":[]}")
                .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Arbitrary<byte[]> badUtf8 = Arbitraries.of(new byte[] {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, '"', '}'},
                new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', ':', '1', '}'},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        return Arbitraries.oneOf(cut, garbage, fixed, badUtf8);
    }

    /** Every field the gateway reads, with a value of another JSON type: {path, body}. */
    static Arbitrary<String[]> wrongTypes() {
        Arbitrary<String> value = Arbitraries.of("1", "-1", "1.5", "true", "false", "null", "\"\"", "\"x\"", "[]",
                "[1,2]", "{}", "{\"a\":1}", "[[[]]]", "[null]", "1e999");
        Arbitrary<String> field = Arbitraries.of("model", "messages", "stream", "max_tokens", "max_completion_tokens",
                "temperature", "n", "stop", "tools", "functions", "stream_options", "user", "top_p", "response_format",
                "messages.content", "messages.role", "messages.item", "prompt", "input", "cache");
        Arbitrary<String> path = Arbitraries.of("/v1/chat/completions", "/v1/completions", "/v1/embeddings");
        return Combinators.combine(path, field, value).as((p, f, v) -> {
            String model = f.equals("model") ? v : p.endsWith("embeddings") ? "\"embed-default\"" : "\"chat-default\"";
            String main = switch (p) {
                case "/v1/chat/completions" -> ",\"messages\":" + switch (f) {
                    case "messages" -> v;
                    case "messages.content" -> "[{\"role\":\"user\",\"content\":" + v + "}]";
                    case "messages.role" -> "[{\"role\":" + v + ",\"content\":\"hi\"}]";
                    case "messages.item" -> "[" + v + "]";
                    default -> "[{\"role\":\"user\",\"content\":\"hi\"}]";
                };
                case "/v1/completions" -> ",\"prompt\":" + (f.equals("prompt") ? v : "\"hi\"");
                default -> ",\"input\":" + (f.equals("input") ? v : "\"hi\"");
            };
            boolean inMain = f.equals("model") || f.startsWith("messages") || f.equals("prompt") || f.equals("input");
            String other = inMain ? "" : ",\"" + f + "\":" + v;
            // Temperature 0 makes the cache look the request up: wrong types must not break the cache key either.
            return new String[] {p, "{\"model\":" + model + main + (f.equals("cache") ? ",\"temperature\":0,\"seed\":" + v : other) + "}"};
        });
    }

    /** Arrays or objects nested from a little to far past any sane depth, in the content or an extra field. */
    static Arbitrary<String> deepNesting() {
        return Combinators.combine(Arbitraries.integers().between(10, 20_000), Arbitraries.of("[", "{\"a\":"),
                Arbitraries.of("content", "extra", "top", "unclosed")).as((depth, open, where) -> {
                    String close = open.equals("[") ? "]" : "}";
                    String deep = open.repeat(depth) + "1" + (where.equals("unclosed") ? "" : close.repeat(depth));
                    return switch (where) {
                        case "content" -> chat("\"chat-default\"", ",\"max_tokens\":5", deep);
                        case "top" -> deep;
                        default -> chat("\"chat-default\"", ",\"max_tokens\":5,\"metadata\":" + deep, "\"hi\"");
                    };
                });
    }

    /** The same key twice with values that disagree: the gateway must read one meaning, never crash. */
    static Arbitrary<String> duplicateKeys() {
        return Arbitraries.of(
                "{\"model\":\"chat-default\",\"model\":\"" + MARK + "-dup-model\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                "{\"model\":\"" + MARK + "-dup-model\",\"model\":\"chat-default\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                "{\"model\":\"chat-default\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"messages\":\"x\"}",
                "{\"model\":\"chat-default\",\"stream\":true,\"stream\":false,\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                "{\"model\":\"chat-default\",\"max_tokens\":5,\"max_tokens\":6000,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}",
                "{\"model\":\"chat-default\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"role\":\"system\",\"content\":\"a\",\"content\":7}]}",
                "{\"model\":\"chat-default\",\"max_tokens\":5,\"model\":null,\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
    }

    /** Numbers at and past every boundary, where the gateway reserves tokens from them. */
    static Arbitrary<String> numbers() {
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.of("0", "-0", "-1", "1", "2147483647", "2147483648", "-2147483649", "4294967296",
                        "9007199254740993", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                        "18446744073709551616", "1e308", "1e309", "-1e309", "1e-400", "0.5", "1.0", "1E3",
                        "99999999999999999999999999999999999999", "null", "1000000"),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.bigIntegers().between(java.math.BigInteger.TWO.pow(63), java.math.BigInteger.TEN.pow(40))
                        .map(Object::toString));
        Arbitrary<String> field = Arbitraries.of("max_tokens", "max_completion_tokens", "n", "temperature", "top_p",
                "logprobs", "top_logprobs", "seed", "presence_penalty", "best_of", "both", "null_completion");
        return Combinators.combine(field, number, Arbitraries.of(true, false)).as((f, n, stream) -> {
            String extra = switch (f) {
                case "both" -> ",\"max_tokens\":" + n + ",\"max_completion_tokens\":" + n;
                case "null_completion" -> ",\"max_completion_tokens\":null,\"max_tokens\":" + n;
                default -> ",\"" + f + "\":" + n;
            };
            return chat("\"chat-default\"", extra + ",\"stream\":" + stream, "\"count\"");
        });
    }

    /** Identifiers a client controls: long, non-ASCII, with controls, made up. Always marked, so echoes can be found. */
    static Arbitrary<String> identifier() {
        Arbitrary<String> ascii = Arbitraries.integers().between(1, 9000)
                .map(n -> MARK + "a".repeat(n));
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u0080', '\uFFEF').ofMinLength(1).ofMaxLength(300)
                .map(s -> MARK + s);
        Arbitrary<String> fixed = Arbitraries.of(MARK + "\u202Eevil", MARK + "\uD83D\uDE00\uD83D\uDE00", MARK + "\u0000nul",
                MARK + "../../admin", MARK + " spaced out", MARK + "%00", MARK + "{tenant}", MARK + "*", MARK + "\t\u0007");
        Arbitrary<String> random = Arbitraries.strings().ofMinLength(1).ofMaxLength(64).map(s -> MARK + s);
        return Arbitraries.oneOf(ascii, unicode, fixed, random);
    }
}
